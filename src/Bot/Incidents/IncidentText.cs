using System.Globalization;
using System.Text;
using MailHa.Bot.Chat;
using MailHa.Operations.Audit;
using MailHa.Operations.Failover;
using MailHa.Operations.Reporting;

namespace MailHa.Bot.Incidents;

/// <summary>
/// The timeline as people read it: a chat message (every channel renders it: a Slack reply, a Teams reply, a console
/// entry), plain lines for the terminal, and Markdown for the post-incident review. Each line names its audit entry
/// (<c>#seq</c>), which <c>mailha audit verify</c> vouches for.
/// </summary>
public static class IncidentText
{
    public static ChatMessage Chat(IncidentTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        List<ChatSection> sections = [new(Lines(timeline), Monospace: true)];
        if (timeline.Restore is { } restore)
        {
            sections.Add(new(Restore(restore)));
        }

        sections.Add(new($"Each line cites its audit entry (#); 'mailha incident {timeline.Id} --markdown' writes it for the review."));
        return new ChatMessage($"Incident timeline: {Title(timeline)}", sections, []);
    }

    /// <summary>One line per fact: time (UTC), audit entry, what, and a step's duration.</summary>
    public static string Lines(IncidentTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return string.Join('\n', timeline.Lines.Select(l =>
            $"{Time(l.At)}  #{l.Seq,-5} {Line(l.What)}{(l.Took is { } took ? $" ({Durations.Format(took)})" : "")}"));
    }

    public static string Markdown(IncidentTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Incident timeline: {Title(timeline)}\n\n");
        text.Append("| Time (UTC) | Audit # | What | Took |\n|---|---|---|---|\n");
        foreach (var line in timeline.Lines)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {Time(line.At)} | {line.Seq} | {Cell(Line(line.What))} | {(line.Took is { } took ? Durations.Format(took) : "")} |\n");
        }

        if (timeline.Restore is { } restore)
        {
            text.Append("\n## Time to restore\n\n| Detect | Decide | Execute | Total |\n|---|---|---|---|\n");
            text.Append(CultureInfo.InvariantCulture, $"| {Part(restore.Detect)} | {Part(restore.Decide)} | {Part(restore.Execute)} | {Durations.Format(restore.Total)} |\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nFrom the audit trail: each line cites its entry; `mailha audit verify` checks the chain.\n");
        return text.ToString();
    }

    /// <summary>What the incident is: the outage (its node, when it went down) and the operation that ended it, or either alone.</summary>
    public static string Title(IncidentTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return (timeline.Down, timeline.Operation) switch
        {
            ({ } down, { } op) => $"{down.Node} (active) down at {ChatTime.Clock(down.Since)}: {Verb(op.Kind)} {op.Id} to {op.Target}",
            ({ } down, null) => $"{down.Node} (active) down at {ChatTime.Clock(down.Since)}",
            (null, { } op) => $"{Verb(op.Kind)} {op.Id}: {op.Source} → {op.Target}",
            _ => timeline.Id,
        };
    }

    /// <summary>What a line says.</summary>
    public static string Line(TimelineFact fact) => fact switch
    {
        TimelineFact.FirstFailedProbe f => $"first failed probe of {f.Node}",
        TimelineFact.DeclaredDown f => $"{f.Outage.Node} declared down: {f.Outage.Detail}",
        TimelineFact.ProposalPosted f => $"failover proposal posted {f.Posted.Detail}",
        TimelineFact.Paged { Page: var page } => page switch
        {
            { Delivered: false } => $"page {page.Action.ToString().ToLowerInvariant()} NOT delivered ({page.DedupKey}): {page.Detail}",
            { Action: PagedAction.Trigger } => $"page sent ({page.DedupKey})",
            { Action: PagedAction.Acknowledge } => $"page acknowledged: a failover was requested ({page.DedupKey})",
            _ => $"page resolved ({page.DedupKey})",
        },
        TimelineFact.Requested f => $"{f.Verb} requested by {f.Actor} on {f.Channel} ({f.RequestId})" + (f.Subject is { } subject ? $": {subject}" : ""),
        TimelineFact.Confirmed f => $"confirmed by {f.Actor} by typing on the command line (break-glass)",
        TimelineFact.Approved { Decision: var d } => $"approved by {d.Actor} on {d.Channel} ({d.RequestId})",
        TimelineFact.Interrupted f => $"{Verb(f.Kind)} interrupted after {(f.AfterStep is { } step ? $"step {step}" : "its start")}: its process stopped; nothing ran until it was resumed",
        TimelineFact.Started f => $"{Verb(f.Kind)} {f.OperationId} started: {f.Source} → {f.Target}",
        TimelineFact.Resumed f => $"{Verb(f.Kind)} {f.OperationId} resumed by {f.By}: the steps already done are skipped",
        TimelineFact.StepEnded f => $"step {f.Step} {(f.Succeeded ? "done" : "FAILED")}",
        TimelineFact.VipAnswering f => $"the VIP answers from {f.From}",
        TimelineFact.RolledBack f => $"VIP put back on {f.To}: {(f.Succeeded ? "done" : "FAILED")}",
        TimelineFact.MailAtRisk f => $"mail at risk: {f.Risk.Detail}",
        TimelineFact.Ended f => $"{Verb(f.Kind)} {(f.Succeeded ? "succeeded" : "FAILED")}",
        TimelineFact.OutageOver { End.How: OutageEnd.NodeBack } f => $"{f.Node} answers again; the proposal is withdrawn",
        TimelineFact.OutageOver f => $"proposal withdrawn: {f.End.Detail}",
        TimelineFact.NodeReturned { Returned: var r } => $"{r.Node} answers again after the failover ({r.Detail}); fence it or fail back (runbook)",
        _ => throw new ArgumentOutOfRangeException(nameof(fact), fact, "a timeline fact this text does not word"),
    };

    private static string Verb(OperationKind kind) => kind.ToString().ToLowerInvariant();

    private static string Restore(RestoreSplit restore) =>
        $"Time to restore {Durations.Format(restore.Total)}: detect {Part(restore.Detect)}, decide {Part(restore.Decide)}, execute {Part(restore.Execute)}.";

    private static string Part(TimeSpan? part) => part is { } value ? Durations.Format(value) : "not recorded";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}
