using MailHa.Operations.Reporting;
using MailHa.Operations.Ssh;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Failover;

/// <summary>
/// Plain-text dry run, shared by the command line and the chat approval card: the steps, and what each check finds
/// (<see cref="PlanFinding"/>, worded here once). A report's words: the bot's <c>FailoverReportText</c>.
/// </summary>
public static class PlanText
{
    /// <summary>What the checks find now, one line each, in the plan's order.</summary>
    public static IReadOnlyList<string> Findings(FailoverPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return [.. plan.Findings.Select(Finding)];
    }

    /// <summary>The one line a finding reads as.</summary>
    public static string Finding(PlanFinding finding) => finding switch
    {
        RolesFinding f => $"Roles: {f.Roles.Describe()}",
        VipFinding f => $"VIP: {f.Vip.Summary}{Watched(f.Taken)}",
        SourceFinding f => $"{f.Node} (gives up the VIP): {Reach(f.Reach)}{Watched(f.Taken)}",
        TargetFinding f => $"{f.Node} (takes the VIP): {Reach(f.Reach)}{Watched(f.Taken)}; mail service {Service(f.Service)}",
        MirrorFinding f => $"Mirror: {Mirror(f)}",
        DirectoryFinding { Cutoff: { } why } => $"Directory: unknown ({why.Describe()})",
        DirectoryFinding f => $"Directory: {string.Join("; ", f.Report!.Suffixes.Select(s => s.Describe()))}",
        MoveFinding f => $"Service: {f.Service} (VIP {f.VipAddress}) moves {f.Source} → {f.Target}" + (f.OverCapacityAccepted ? "; the approver accepts putting it over the node's capacity" : ""),
        TargetCopyFinding f => TargetCopy(f),
        MirrorRunningFinding f => $"Mirror running now: {f.Lease.Describe()}; the {Verb(f.Kind)} waits for it to end (at most {Durations.Format(ServiceLease.MirrorRunWaitLimit)})",
        OperationRunningFinding f => $"Running now: {f.Lease.Describe()}",
        InterruptedFinding { Operation: var o } => $"Interrupted: {o.Kind} {o.Id} ({o.Source} → {o.Target}), done: {string.Join(", ", o.DoneSteps)}",
        _ => throw new ArgumentOutOfRangeException(nameof(finding), finding, "a plan finding this text does not word"),
    };

    public static string Steps(FailoverPlan plan, bool withCommands = true)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var lines = new List<string>();
        foreach (var step in plan.Steps)
        {
            lines.Add($"{step.Index}. {step.Title} — {step.Rule}");
            if (step.Note is { } note)
            {
                lines.Add($"   ({note})");
            }

            if (withCommands)
            {
                lines.AddRange(step.Commands.Select(c => $"     [{c.Node}] {Indent(c.Text)}"));
            }
        }

        return string.Join('\n', lines);
    }

    public static string Format(FailoverPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var head = $"DRY RUN {plan.Headline} (fingerprint {plan.Fingerprint})";
        var refusal = plan.Refusal is null ? "" : $"\nWOULD BE REFUSED: {plan.Refusal.Describe()}";
        return $"{head}{refusal}\n\nWhat the checks find now:\n  {string.Join("\n  ", Findings(plan))}\n\nPlan:\n{Steps(plan)}\n";
    }

    private static string Indent(string text) => text.Replace("\n", "\n       ", StringComparison.Ordinal);

    /// <summary>Whose a finding not asked again is, and how old: the plan's reader must know it is not this plan's own look.</summary>
    private static string Watched(TakenFromWatch? taken) => taken is not { Finding: var finding, Age: var age }
        ? ""
        : $" (the health watch's finding, {Durations.Format(age)} old ({finding.Node} down since {finding.DownSince:HH:mm:ss}Z): not asked again for this card; approving checks it afresh)";

    private static string Reach(CommandOutcome outcome) => outcome.Succeeded ? "reachable over SSH" : outcome.Describe();

    private static string Service(ServiceAnswer answer) => answer switch
    {
        Answered a => $"answers (\"{a.Banner}\")",
        Silent s => $"SILENT ({s.Reason})",
        _ => "unknown",
    };

    private static string Mirror(MirrorFinding mirror)
    {
        if (mirror.Last is not { } last)
        {
            return "never ran";
        }

        var age = mirror.LastGoodAge is { } good ? $"last good {Durations.Format(good)} ago" : "never succeeded";
        return $"last run {Durations.Format(mirror.LastEndedAgo!.Value)} ago {last.Verdict}; {age} (an unplanned failover loses mail received since then)";
    }

    /// <summary>How old the target's own copy of the store is, and whether this operation brings it current before it serves.</summary>
    private static string TargetCopy(TargetCopyFinding f)
    {
        var (source, target) = (f.Source, f.Target);
        var age = f.Copy is not { } copy
            ? $"never mirrored into: MailHa has never pulled {f.Service}'s store there"
            : $"its last good mirror run was {Durations.Format(f.Age!.Value)} ago ({copy.Source} → {target} at {copy.StartedAt:yyyy-MM-dd HH:mm}Z)";
        var then = f.SourceAnswers
            ? f.Kind == OperationKind.Failover
                ? $"the final sync pulls the store from {source} into it before it takes the VIP"
                : $"the catch-up run and the final sync pull the store from {source} into it before it takes the VIP"
            : f.Copy is null
                ? $"{source} is unreachable over SSH, so the final sync runs only if its rsync daemon still answers: otherwise {target} serves whatever copy it holds, without the mail on {source}"
                : $"{source} is unreachable over SSH, so the final sync runs only if its rsync daemon still answers: otherwise {target} serves that copy, {Durations.Format(f.Age!.Value)} old, without the mail received on {source} since";
        return $"Copy on {target}: {age}; {then}";
    }

    private static string Verb(OperationKind kind) => kind.ToString().ToLowerInvariant();
}
