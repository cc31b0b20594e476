using System.Globalization;

namespace MailHa.Operations.Audit;

/// <summary>
/// The one mapping between <see cref="AuditEvent"/>s and the audit table's columns (actor, platform, action, subject,
/// outcome, detail), which the hash chain covers. Its words are those earlier versions wrote, so a chain they wrote
/// still verifies and reads back as typed events.
/// </summary>
public static class AuditColumns
{
    /// <summary>The actor of what MailHa does by itself (an expiry, a voided approval).</summary>
    public const string SystemActor = "system";

    private const string Refused = "refused";
    private const string Request = "request";
    private const string OperationPlatform = "operation";
    private const string StepPrefix = "step:";
    private const string IncidentPlatform = "incident";
    private const string PagePrefix = "page-";

    public static AuditRecord Write(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return auditEvent switch
        {
            ApprovalRequested e => Chat(e, Request, e.Subject, RequestWord(e.Outcome), e.Detail),
            ApprovalDecided e => Chat(e, e.Verdict == ApprovalVerdict.Approve ? "approve" : "reject", e.RequestId, e.Outcome.ToString().ToLowerInvariant(), e.Detail),
            Refusal e => Chat(e, e.Command, e.Subject, Refused, e.Reason),
            MirrorControlled e => Chat(e, e.Command == MirrorCommand.Run ? "mirror-run" : "mirror-pause", e.Subject, e.Succeeded ? "done" : "failed", e.Detail),
            ApprovedRunEnded e => Chat(e, e.Verb, e.RequestId, e.Succeeded ? "succeeded" : "failed", e.Detail),
            ApprovalVoided e => Chat(e, "run", e.RequestId, "voided", e.Detail),
            ApprovalExpired e => Chat(e, "expire", e.RequestId, "expired", e.Detail),
            OperationStarted e => Operation(e, e.Resumed ? "operation-resume" : "operation-start", "running", e.Detail),
            OperationStep e => Operation(e, StepPrefix + e.Step, e.Succeeded ? "done" : "failed", e.Detail),
            OperationRolledBack e => Operation(e, "rollback", e.Succeeded ? "done" : "failed", e.Detail),
            OperationEnded e => Operation(e, "operation-end", e.Succeeded ? "succeeded" : "failed", e.Detail),
            OutageDeclared e => Incident("outage-declared", e.Node, Instant(e.Since), e.Detail),
            ProposalPosted e => Incident("proposal-posted", e.Node, Instant(e.Since), e.Detail),
            OutageEnded e => Incident(e.How == OutageEnd.NodeBack ? "outage-node-back" : "outage-replaced", e.Node, Instant(e.Since), e.Detail),
            NodeReturned e => Incident("node-returned", e.Node, Instant(e.Since), e.Detail),
            PageSent e => Incident(PagePrefix + e.Action.ToString().ToLowerInvariant(), e.DedupKey, e.Delivered ? "accepted" : "not delivered", e.Detail),
            ApprovedRunStarted e => new(e.Actor, IncidentPlatform, "run-start", e.RequestId, Platform(e.RequestedFrom), e.Verb),
            MailAtRisk e => Incident("mail-at-risk", e.Operation, "recorded", e.Detail),
            UnrecognisedEntry e => e.Columns,
            _ => throw new ArgumentOutOfRangeException(nameof(auditEvent), auditEvent.GetType().Name, "not an audit event this version writes"),
        };
    }

    public static AuditEvent Read(AuditRecord columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var (actor, platform, action, subject, outcome, detail) = (columns.Actor, columns.Platform, columns.Action, columns.Subject, columns.Outcome, columns.Detail);
        var read = platform switch
        {
            OperationPlatform => ReadOperation(actor, action, subject, outcome, detail),
            IncidentPlatform => ReadIncident(columns),
            _ => ReadChat(columns),
        };
        return read is not null && Write(read) == columns with { ChatRef = "" } ? read : new UnrecognisedEntry(columns);
    }

    private static AuditEvent? ReadChat(AuditRecord columns)
    {
        var (actor, action, subject, outcome, detail) = (columns.Actor, columns.Action, columns.Subject, columns.Outcome, columns.Detail);
        if (Channel(columns.Platform) is not { } channel)
        {
            return null;
        }

        if (outcome == Refused)
        {
            return new Refusal(actor, channel, action, subject, detail);
        }

        return (channel, action, outcome) switch
        {
            (not AuditChannel.MailHa, Request, _) => RequestOutcomeOf(outcome) is { } requested ? new ApprovalRequested(actor, channel, subject, requested, detail) : null,
            (not AuditChannel.MailHa, "approve" or "reject", "approved" or "rejected" or "voided") => new ApprovalDecided(
                actor, channel, subject, action == "approve" ? ApprovalVerdict.Approve : ApprovalVerdict.Reject, Enum.Parse<DecisionOutcome>(outcome, ignoreCase: true), detail),
            (not AuditChannel.MailHa, "mirror-run" or "mirror-pause", "done" or "failed") => new MirrorControlled(
                actor, channel, action == "mirror-run" ? MirrorCommand.Run : MirrorCommand.Pause, outcome == "done", detail),
            (AuditChannel.MailHa, "run", "voided") => new ApprovalVoided(subject, detail),
            (AuditChannel.MailHa, "expire", "expired") => new ApprovalExpired(subject, detail),
            (AuditChannel.MailHa, _, "succeeded" or "failed") => new ApprovedRunEnded(actor, action, subject, outcome == "succeeded", detail),
            _ => null,
        };
    }

    private static AuditEvent? ReadOperation(string actor, string action, string subject, string outcome, string detail) => (action, outcome) switch
    {
        ("operation-start" or "operation-resume", "running") => new OperationStarted(actor, subject, action == "operation-resume", detail),
        ("rollback", "done" or "failed") => new OperationRolledBack(actor, subject, outcome == "done", detail),
        ("operation-end", "succeeded" or "failed") => new OperationEnded(actor, subject, outcome == "succeeded", detail),
        (_, "done" or "failed") when action.StartsWith(StepPrefix, StringComparison.Ordinal) => new OperationStep(actor, subject, action[StepPrefix.Length..], outcome == "done", detail),
        _ => null,
    };

    private static AuditEvent? ReadIncident(AuditRecord columns)
    {
        var (actor, action, subject, outcome, detail) = (columns.Actor, columns.Action, columns.Subject, columns.Outcome, columns.Detail);
        if (action == "run-start")
        {
            return Channel(outcome) is { } from ? new ApprovedRunStarted(actor, from, detail, subject) : null;
        }

        if (action == "mail-at-risk")
        {
            return new MailAtRisk(subject, detail);
        }

        if (action.StartsWith(PagePrefix, StringComparison.Ordinal))
        {
            return Enum.TryParse<PagedAction>(action[PagePrefix.Length..], ignoreCase: true, out var paged)
                ? new PageSent(paged, subject, outcome == "accepted", detail)
                : null;
        }

        if (!DateTimeOffset.TryParseExact(outcome, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var since))
        {
            return null;
        }

        return action switch
        {
            "outage-declared" => new OutageDeclared(subject, since, detail),
            "proposal-posted" => new ProposalPosted(subject, since, detail),
            "outage-node-back" => new OutageEnded(subject, since, OutageEnd.NodeBack, detail),
            "outage-replaced" => new OutageEnded(subject, since, OutageEnd.Replaced, detail),
            "node-returned" => new NodeReturned(subject, since, detail),
            _ => null,
        };
    }

    private static AuditRecord Incident(string action, string subject, string outcome, string detail) =>
        new(SystemActor, IncidentPlatform, action, subject, outcome, detail);

    /// <summary>An instant as the incident entries store it: UTC, round-trip precision.</summary>
    private static string Instant(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static AuditRecord Chat(AuditEvent e, string action, string subject, string outcome, string detail) =>
        new(e.Actor, Platform(e.Channel), action, subject, outcome, detail);

    private static AuditRecord Operation(AuditEvent e, string action, string outcome, string detail) =>
        new(e.Actor, OperationPlatform, action, e.Subject, outcome, detail);

    private static string Platform(AuditChannel channel) => channel switch
    {
        AuditChannel.Cli => "cli",
        AuditChannel.MailHa => "mailha",
        _ => channel.ToString(),
    };

    private static AuditChannel? Channel(string platform) => platform switch
    {
        "Slack" => AuditChannel.Slack,
        "Teams" => AuditChannel.Teams,
        "Console" => AuditChannel.Console,
        "cli" => AuditChannel.Cli,
        "mailha" => AuditChannel.MailHa,
        _ => null,
    };

    private static string RequestWord(RequestOutcome outcome) => outcome switch
    {
        RequestOutcome.NotConfirmed => "not confirmed",
        _ => outcome.ToString().ToLowerInvariant(),
    };

    private static RequestOutcome? RequestOutcomeOf(string word) => word switch
    {
        "pending" => RequestOutcome.Pending,
        "confirmed" => RequestOutcome.Confirmed,
        "not confirmed" => RequestOutcome.NotConfirmed,
        _ => null,
    };
}
