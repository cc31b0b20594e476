using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using MailHa.Operations.Reporting;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Status;

/// <summary>Plain-text lines of a status report, shared by the command line and every chat channel.</summary>
public static class StatusText
{
    public static string Headline(StatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var vip = report.Services.Count > 1 ? Summary(report.Services) : report.Vip?.Verdict switch
        {
            VipVerdict.SplitBrain => "SPLIT BRAIN: both nodes hold the VIP",
            VipVerdict.Nobody => "MAIL DOWN: nobody holds the VIP",
            VipVerdict.HeldBy => $"{report.Vip.Holder} serves the VIP",
            _ when Worst(report) == ServiceHealth.Down => "MAIL DOWN: nothing answers on the VIP, holder unknown",
            _ => "VIP holder unknown",
        };
        vip = report.Journal is null ? vip : $"{vip}; JOURNAL UNREACHABLE: operations refused";
        return report.Interrupted is { } interrupted ? $"{vip}; INTERRUPTED {interrupted.Verb}: run it again to resume" : vip;
    }

    public static IReadOnlyList<string> Lines(StatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var several = report.Services.Count > 1;
        var lines = new List<string>();
        var journalDown = report.Journal is not null;
        if (report.Journal is { } journal)
        {
            lines.Add(journal.Describe());
        }

        // Several services: one line per service, then one per node (what it runs, capacity used), then the first service in detail.
        lines.AddRange(several ? report.Services.Select(s => s.Describe()) : [$"VIP: {VipSummary(report)}"]);
        lines.AddRange(report.Nodes.Select(node =>
            $"{node.Node} ({node.Role}): {(node.Reachable ? "SSH ok" : node.Ssh)}; {Answer("SMTP", node.Service)}; {Answer("IMAP", node.Imap)}" + (several ? $"; {Runs(node)}" : "")));
        lines.AddRange(several ? [$"Detail of {report.Roles.Service}: VIP {VipSummary(report)}"] : []);

        var m = report.Mirror;
        var direction = m.Paused ? $"PAUSED (after {report.Roles.Reason}; set the direction {m.Source} → {m.Target} with 'mirror resume')" : $"{m.Source} → {m.Target}";
        lines.Add($"Mirror: {direction}");
        lines.Add(m.LastRun is null ? (journalDown ? "  last run: unknown (journal unreachable)" : "  never ran") : $"  last run: {m.LastRun.Describe()} ({Durations.Format(report.At - m.LastRun.EndedAt)} ago)");
        lines.Add(m.LastGood is null ? (journalDown ? "  last good: unknown (journal unreachable)" : "  no good run yet") : $"  last good: {m.LastGood.StartedAt:yyyy-MM-dd HH:mm:ss}Z, age {Durations.Format(m.Age!.Value)}");
        if (m.NextRun is { } next)
        {
            lines.Add($"  next run: {next:HH:mm}Z");
        }

        if (m.Stream is { } stream)
        {
            lines.Add($"  {stream.Describe(report.At)}");
        }

        if (m.Interrupted is { } broken)
        {
            lines.Add($"  INTERRUPTED: {broken.Describe()}; {InterruptedMirror.Resume}");
        }

        if (report.Replication is { } replication)
        {
            lines.Add($"Directory: {replication.State}");
            lines.AddRange(replication.Suffixes.Select(s => $"  {s.Describe()}"));
        }

        lines.Add($"Roles: {report.Roles.Describe()} (changed {report.Roles.ChangedAt:yyyy-MM-dd HH:mm}Z by {report.Roles.ChangedBy})");
        lines.Add(report.RunningOperation is { } lease ? $"Running: {lease.Describe()}" : journalDown ? "Running: unknown (journal unreachable)" : "Running: nothing");
        if (report.Interrupted is { } interrupted)
        {
            lines.Add($"INTERRUPTED: {interrupted.Verb} {interrupted.Id} ({interrupted.Source} → {interrupted.Target}) started {interrupted.StartedAt:yyyy-MM-dd HH:mm}Z");
            lines.Add($"  requested by {interrupted.RequestedBy}, approved by {interrupted.ApprovedBy}");
            lines.Add($"  last completed step: {interrupted.LastCompletedStep ?? "none"}; left {interrupted.StateLeft}");
            lines.Add($"  to resume: {interrupted.Resume}");
        }

        lines.AddRange(report.Unknown.Select(u => $"UNKNOWN {u}"));
        return lines;
    }

    /// <summary>
    /// The report's worst verdict, the state a card or board shows: with several services the worst service's; with
    /// one, split brain or down as its service line says (nothing answers on the VIP, even when who holds it is
    /// unknown), else served (a pair's degradations are listed as what needs attention).
    /// </summary>
    public static ServiceHealth Worst(StatusReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return report.Services switch
        {
            { Count: > 1 } => report.Services.Max(s => s.Health),
            [{ Health: ServiceHealth.SplitBrain or ServiceHealth.Down } only] => only.Health,
            _ => report.Vip?.Verdict switch
            {
                VipVerdict.SplitBrain => ServiceHealth.SplitBrain,
                VipVerdict.Nobody => ServiceHealth.Down,
                _ => ServiceHealth.Healthy,
            },
        };
    }

    /// <summary>The first service's VIP as the detail shows it: the locator's summary, or why its holder is unknown.</summary>
    private static string VipSummary(StatusReport report) =>
        report.Vip?.Summary ?? (report.Services is [{ VipRanOut: { } ranOut }, ..] ? ranOut.Describe() : "unknown");

    /// <summary>How many healthy services the headline names; past that it counts them (the others are always named).</summary>
    public const int HealthyNamed = 3;

    /// <summary>
    /// The headline of several services: each service with its verdict, the worst first (configuration order among
    /// equals): "2 services: jt-mail-b DEGRADED, jt-mail-a healthy". Past <see cref="HealthyNamed"/> healthy ones, those are counted.
    /// </summary>
    public static string Summary(IReadOnlyList<ServiceStatus> services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var worstFirst = services.OrderByDescending(s => s.Health).ToList();
        var healthy = worstFirst.Count(s => s.Health == ServiceHealth.Healthy);
        var named = worstFirst.Where(s => s.Health != ServiceHealth.Healthy || healthy <= HealthyNamed).Select(s => $"{s.Service} {Verdict(s.Health)}");
        var counted = healthy > HealthyNamed ? new[] { $"{healthy} healthy" } : [];
        return $"{services.Count} services: {string.Join(", ", named.Concat(counted))}";
    }

    /// <summary>A service's verdict as status writes it: the bad ones in capitals.</summary>
    public static string Verdict(ServiceHealth health) => health switch
    {
        ServiceHealth.SplitBrain => "SPLIT BRAIN",
        ServiceHealth.Down => "DOWN",
        ServiceHealth.Degraded => "DEGRADED",
        _ => "healthy",
    };

    /// <summary>What a node runs, and how much of its capacity that uses when it has one.</summary>
    public static string Runs(NodeHealth node)
    {
        var runs = node.Runs.Count == 0 ? "runs nothing" : $"runs {string.Join(", ", node.Runs)}";
        return node.Capacity is { } capacity ? $"{runs} ({node.Runs.Count} of capacity {capacity})" : runs;
    }

    private static string Answer(string protocol, ServiceAnswer answer) => answer switch
    {
        Answered a => $"{protocol} answers (\"{a.Banner}\")",
        Silent s => $"{protocol} SILENT ({s.Reason})",
        _ => $"{protocol} unknown",
    };

    public static string Format(StatusReport report) =>
        string.Join('\n', new[] { Headline(report) }.Concat(Lines(report))) + "\n";
}
