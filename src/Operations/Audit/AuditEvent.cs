using System.Text.Json.Serialization;

namespace MailHa.Operations.Audit;

/// <summary>Where an audited event came from: a chat channel, the break-glass command line, or MailHa itself.</summary>
public enum AuditChannel
{
    Slack,
    Teams,
    Console,

    /// <summary>The break-glass command line (<c>mailha failover</c>…).</summary>
    Cli,

    /// <summary>MailHa on its own: an approved run, an expiry, the steps of an operation.</summary>
    MailHa,
}

/// <summary>How a request for a change that needs a second person ended when it was asked.</summary>
public enum RequestOutcome
{
    /// <summary>Waiting for a second person.</summary>
    Pending,

    /// <summary>Confirmed by typing on the command line: runs without a second person.</summary>
    Confirmed,

    /// <summary>The command line's typed confirmation did not match: nothing runs.</summary>
    NotConfirmed,
}

/// <summary>What someone decided on a pending request.</summary>
public enum ApprovalVerdict
{
    Approve,
    Reject,
}

/// <summary>What a decision came to: approved (run, or waiting for more approvers), rejected, or void because the situation changed.</summary>
public enum DecisionOutcome
{
    Approved,
    Rejected,
    Voided,
}

/// <summary>A mirror command a person runs at once (resuming it needs a second person: an approved run).</summary>
public enum MirrorCommand
{
    Run,
    Pause,
}

/// <summary>
/// One event of the audit trail: who (<see cref="Actor"/>), where from (<see cref="Channel"/>) and on what
/// (<see cref="Subject"/>). <see cref="AuditColumns"/> is the one mapping to and from the stored columns that the
/// hash chain covers; readers switch on the type. Details never hold secrets or message text.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ApprovalRequested), "request")]
[JsonDerivedType(typeof(ApprovalDecided), "decision")]
[JsonDerivedType(typeof(Refusal), "refusal")]
[JsonDerivedType(typeof(MirrorControlled), "mirror-control")]
[JsonDerivedType(typeof(ApprovedRunEnded), "approved-run")]
[JsonDerivedType(typeof(ApprovalVoided), "approval-voided")]
[JsonDerivedType(typeof(ApprovalExpired), "approval-expired")]
[JsonDerivedType(typeof(OperationStarted), "operation-start")]
[JsonDerivedType(typeof(OperationStep), "operation-step")]
[JsonDerivedType(typeof(OperationRolledBack), "operation-rollback")]
[JsonDerivedType(typeof(OperationEnded), "operation-end")]
[JsonDerivedType(typeof(OutageDeclared), "outage-declared")]
[JsonDerivedType(typeof(ProposalPosted), "proposal-posted")]
[JsonDerivedType(typeof(OutageEnded), "outage-ended")]
[JsonDerivedType(typeof(NodeReturned), "node-returned")]
[JsonDerivedType(typeof(PageSent), "page")]
[JsonDerivedType(typeof(ApprovedRunStarted), "approved-run-start")]
[JsonDerivedType(typeof(MailAtRisk), "mail-at-risk")]
[JsonDerivedType(typeof(UnrecognisedEntry), "unrecognised")]
public abstract record AuditEvent(string Actor, AuditChannel Channel)
{
    public abstract string Subject { get; }
}

/// <summary>Someone asked for a change a second person approves (on the command line: confirms by typing).</summary>
public sealed record ApprovalRequested(string Actor, AuditChannel Channel, string Subject, RequestOutcome Outcome, string Detail)
    : AuditEvent(Actor, Channel)
{
    public override string Subject { get; } = Subject;
}

/// <summary>Someone approved or rejected a pending request.</summary>
public sealed record ApprovalDecided(string Actor, AuditChannel Channel, string RequestId, ApprovalVerdict Verdict, DecisionOutcome Outcome, string Detail)
    : AuditEvent(Actor, Channel)
{
    public override string Subject => RequestId;
}

/// <summary>
/// A command refused before it changed anything: too long, not understood, not allowed, or refused by its own checks.
/// <see cref="Command"/> names what was refused as the trail records it (<c>switchover</c>, <c>approve</c>; <c>command</c>
/// when not even the command could be told).
/// </summary>
public sealed record Refusal(string Actor, AuditChannel Channel, string Command, string Subject, string Reason)
    : AuditEvent(Actor, Channel)
{
    public override string Subject { get; } = Subject;
}

/// <summary>A person ran or paused the mirror.</summary>
public sealed record MirrorControlled(string Actor, AuditChannel Channel, MirrorCommand Command, bool Succeeded, string Detail)
    : AuditEvent(Actor, Channel)
{
    public override string Subject => "mirror";
}

/// <summary>An approved (or break-glass confirmed) request ran to its end; <see cref="Actor"/> is who requested it.</summary>
public sealed record ApprovedRunEnded(string Actor, string Verb, string RequestId, bool Succeeded, string Detail)
    : AuditEvent(Actor, AuditChannel.MailHa)
{
    public override string Subject => RequestId;
}

/// <summary>
/// An approved request did not start: the situation changed between approval and start (recorded by versions whose
/// run checked its plan again before starting; a run now starts on the approval's own check).
/// </summary>
public sealed record ApprovalVoided(string RequestId, string Detail) : AuditEvent(AuditColumns.SystemActor, AuditChannel.MailHa)
{
    public override string Subject => RequestId;
}

/// <summary>Nobody decided a pending request in time.</summary>
public sealed record ApprovalExpired(string RequestId, string Detail) : AuditEvent(AuditColumns.SystemActor, AuditChannel.MailHa)
{
    public override string Subject => RequestId;
}

/// <summary>An operation (<c>switchover op-…</c>) started, or resumed after an interruption; <see cref="Actor"/> requested it.</summary>
public sealed record OperationStarted(string Actor, string Operation, bool Resumed, string Detail) : AuditEvent(Actor, AuditChannel.MailHa)
{
    public override string Subject => Operation;
}

/// <summary>One step of an operation ended.</summary>
public sealed record OperationStep(string Actor, string Operation, string Step, bool Succeeded, string Detail) : AuditEvent(Actor, AuditChannel.MailHa)
{
    public override string Subject => Operation;
}

/// <summary>A failed operation that had fenced its source put the VIP back there (or failed to).</summary>
public sealed record OperationRolledBack(string Actor, string Operation, bool Succeeded, string Detail) : AuditEvent(Actor, AuditChannel.MailHa)
{
    public override string Subject => Operation;
}

/// <summary>An operation ended.</summary>
public sealed record OperationEnded(string Actor, string Operation, bool Succeeded, string Detail) : AuditEvent(Actor, AuditChannel.MailHa)
{
    public override string Subject => Operation;
}

/// <summary>
/// An outage of the active node is declared (after <c>DownAfter</c> of silence from every view): <see cref="Since"/> is
/// the first failed probe, the entry's time the declaration. <see cref="Node"/> and <see cref="Since"/> name the outage
/// (<see cref="OutageName"/>) in every entry about it.
/// </summary>
public sealed record OutageDeclared(string Node, DateTimeOffset Since, string Detail) : AuditEvent(AuditColumns.SystemActor, AuditChannel.MailHa)
{
    public override string Subject => OutageName.Of(Node, Since);
}

/// <summary>The outage's failover proposal was posted (<see cref="Detail"/>: where to, the mirror age and replication it showed).</summary>
public sealed record ProposalPosted(string Node, DateTimeOffset Since, string Detail) : AuditEvent(AuditColumns.SystemActor, AuditChannel.MailHa)
{
    public override string Subject => OutageName.Of(Node, Since);
}

/// <summary>How an outage of the active node ended: the node answered again, or another node became active (a failover).</summary>
public enum OutageEnd
{
    NodeBack,
    Replaced,
}

/// <summary>An outage ended; the proposal was withdrawn.</summary>
public sealed record OutageEnded(string Node, DateTimeOffset Since, OutageEnd How, string Detail) : AuditEvent(AuditColumns.SystemActor, AuditChannel.MailHa)
{
    public override string Subject => OutageName.Of(Node, Since);
}

/// <summary>
/// The node of an outage that a failover ended (<see cref="OutageEnd.Replaced"/>) answers again: a view of it saw it
/// (<see cref="Detail"/>). It may still hold the VIP behind its links: the runbook's failback starts here.
/// </summary>
public sealed record NodeReturned(string Node, DateTimeOffset Since, string Detail) : AuditEvent(AuditColumns.SystemActor, AuditChannel.MailHa)
{
    public override string Subject => OutageName.Of(Node, Since);
}

/// <summary>The Events API v2 actions, as the audit trail records them.</summary>
public enum PagedAction
{
    Trigger,
    Acknowledge,
    Resolve,
}

/// <summary>
/// What became of one event sent to the pager (PagerDuty Events API v2): accepted, or refused or given up on
/// (<see cref="Delivered"/> false, the reason in <see cref="Detail"/>; never the routing key).
/// </summary>
public sealed record PageSent(PagedAction Action, string DedupKey, bool Delivered, string Detail) : AuditEvent(AuditColumns.SystemActor, AuditChannel.MailHa)
{
    public override string Subject => DedupKey;
}

/// <summary>
/// An approved (or break-glass confirmed) request starts running: who requested it (<see cref="Actor"/>) and where from
/// (<see cref="RequestedFrom"/>). The operation it runs records its start right after, in the requester's name.
/// </summary>
public sealed record ApprovedRunStarted(string Actor, AuditChannel RequestedFrom, string Verb, string RequestId) : AuditEvent(Actor, AuditChannel.MailHa)
{
    public override string Subject => RequestId;
}

/// <summary>The mail an operation put at risk, as it stood when the operation started: the mirror's age or the continuous mirror's lag.</summary>
public sealed record MailAtRisk(string Operation, string Detail) : AuditEvent(AuditColumns.SystemActor, AuditChannel.MailHa)
{
    public override string Subject => Operation;
}

/// <summary>The name of an outage of the active node: the node and its first failed probe (UTC, to the second).</summary>
public static class OutageName
{
    public static string Of(string node, DateTimeOffset since) =>
        $"outage-{node}-{since.UtcDateTime.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture)}";
}

/// <summary>A stored entry none of the events above reads as (written by another version, or by hand): kept as stored.</summary>
public sealed record UnrecognisedEntry(AuditRecord Columns) : AuditEvent(Columns.Actor, AuditChannel.MailHa)
{
    public override string Subject => Columns.Subject;
}
