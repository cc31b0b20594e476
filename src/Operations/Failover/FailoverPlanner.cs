using MailHa.Operations.Journal;
using MailHa.Operations.Ldap;
using MailHa.Operations.Mirror;
using MailHa.Operations.Reporting;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Failover;

/// <summary>
/// Builds the dry run: who moves where, the exact commands per node, and what every check finds
/// right now, gathered in parallel. The facts that an approval depends on go into the fingerprint.
/// </summary>
public sealed class FailoverPlanner(
    RoleStore roles,
    VipLocator vip,
    IServiceProbe probe,
    MirrorHistory history,
    ReplicationChecker replication,
    OperationLock operationLock,
    OperationJournal operations,
    MailTopology topology,
    TimeProvider time)
{
    /// <summary>Which node gives up the VIP and which takes it; or why this kind makes no sense now.</summary>
    public static (NodeName Source, NodeName Target, string? Refusal) Resolve(OperationKind kind, RoleState state, ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(service);
        if (kind != OperationKind.Failback)
        {
            return (state.Active, state.Standby, null);
        }

        var primary = service.Home;
        return state.Active == primary
            ? (state.Active, state.Standby, $"{primary} is already active: there is nothing to fail back (use switchover to move to {state.Standby})")
            : (state.Active, primary, null);
    }

    public async Task<FailoverPlan> PlanAsync(OperationKind kind, IReadOnlyList<FailoverStep> steps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(steps);
        var state = await roles.GetAsync(cancellationToken);
        var unfinished = await operations.UnfinishedAsync(cancellationToken);
        var (source, target, refusal) = unfinished is { } u && u.Kind == kind
            ? (u.Source, u.Target, null)
            : Resolve(kind, state, topology.OnlyService);
        if (unfinished is not null && unfinished.Kind != kind)
        {
            refusal = $"an interrupted {unfinished.Kind.ToString().ToLowerInvariant()} ({unfinished.Id}) must be finished first";
        }

        var sourceNode = topology.Node(source);
        var targetNode = topology.Node(target);

        // One SSH command per node (its interface list: reachable, and its view of the VIP), everything at once:
        // a dead node's connect timeout is paid once.
        var listings = topology.Nodes.ToDictionary(n => n.NodeName, n => vip.ListInterfacesAsync(n.NodeName, cancellationToken));
        var reachSource = listings[source];
        var reachTarget = listings[target];
        var vipReport = vip.LocateAsync([.. listings.Values], cancellationToken);
        var service = probe.ProbeAsync(targetNode.ServiceAddress, topology.OnlyService.Vip.ServicePort, topology.OnlyService.Vip.ProbeTimeout, cancellationToken);
        var lastRun = history.LastAsync(cancellationToken);
        var lastGood = history.LastGoodAsync(cancellationToken);
        var checking = replication.CheckAsync(cancellationToken);
        var directory = DirectoryAsync(checking, [.. listings.Values]);
        var lease = operationLock.GetAsync(cancellationToken);
        await Task.WhenAll(reachSource, reachTarget, vipReport, service, lastRun, lastGood, directory, lease);

        var now = time.GetUtcNow();
        var findings = new List<string>
        {
            $"Roles: {state.Describe()}",
            $"VIP: {(await vipReport).Summary}",
            $"{source} (gives up the VIP): {Reach(await reachSource)}",
            $"{target} (takes the VIP): {Reach(await reachTarget)}; mail service {ServiceText(await service)}",
            $"Mirror: {MirrorText(await lastRun, await lastGood, now)}",
            $"Directory: {await directory}",
        };
        if (await lease is { } held)
        {
            findings.Add($"Running now: {held.Describe()}");
            refusal ??= $"another operation is running: {held.Describe()}";
        }

        if (unfinished is not null && (await lease)?.OperationId != unfinished.Id)
        {
            findings.Add($"Interrupted: {unfinished.Kind} {unfinished.Id} ({unfinished.Source} → {unfinished.Target}), done: {string.Join(", ", unfinished.DoneSteps)}");
        }

        var facts = new List<string>
        {
            $"roles:{state.Generation}:{state.Active}:{state.MirrorPaused}",
            $"vip:{(await vipReport).Verdict}:{(await vipReport).Holder}",
            $"mirror:{(await lastRun)?.IsGood}",
            // With a node unreachable the check races its cutoff: "unknown" either way, or the fingerprint would
            // change between request and approval and void every approval of a failover from a dead primary.
            $"directory:{(checking.IsCompletedSuccessfully && listings.Values.All(l => l.Result.Succeeded) ? string.Join(",", (await checking).Suffixes.Select(s => $"{s.Suffix}={s.State}")) : "unknown")}",
            $"reach:{(await reachSource).Succeeded}:{(await reachTarget).Succeeded}",
        };

        var context = new FailoverContext(
            new OperationRecord("dry-run", kind, source, target, state.Generation, "", "", "plan", now, new HashSet<string>()),
            new FailoverRequest(kind, "", "", FailoverOverrides.None),
            sourceNode,
            targetNode,
            topology.OnlyService.Vip);
        var planned = steps.Select((s, i) => new PlannedStep(i + 1, s.Name, s.Title, s.Rule, s.Commands(context))).ToList();
        return new FailoverPlan(kind, source, target, state.Generation, planned, findings, facts, refusal);
    }

    private static async Task<string> DirectoryAsync(Task<ReplicationReport> check, IReadOnlyList<Task<CommandOutcome>> listings) =>
        await NodeCutoff.WaitAsync(check, listings) is { } why
            ? $"unknown ({why})"
            : string.Join("; ", (await check).Suffixes.Select(s => s.Describe()));

    private static string Reach(CommandOutcome outcome) => outcome.Succeeded ? "reachable over SSH" : outcome.Describe();

    private static string ServiceText(ServiceAnswer answer) => answer switch
    {
        Answered a => $"answers (\"{a.Banner}\")",
        Silent s => $"SILENT ({s.Reason})",
        _ => "unknown",
    };

    private static string MirrorText(MirrorRun? last, MirrorRun? good, DateTimeOffset now)
    {
        if (last is null)
        {
            return "never ran";
        }

        var age = good is null ? "never succeeded" : $"last good {Durations.Format(now - good.StartedAt)} ago";
        return $"last run {Durations.Format(now - last.EndedAt)} ago {last.Verdict}; {age} (an unplanned failover loses mail received since then)";
    }
}
