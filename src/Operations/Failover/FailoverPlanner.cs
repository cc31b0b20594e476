using MailHa.Operations.Journal;
using MailHa.Operations.Ldap;
using MailHa.Operations.Liveness;
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
    NodesFoundDown foundDown,
    MailTopology topology,
    TimeProvider time)
{
    /// <summary>
    /// Which node gives up the service's VIP and which takes it; or why this makes no sense now. A failback returns the
    /// service home; a failover or switchover moves it where <see cref="Placement"/> puts it (the next node in its list
    /// after the active one, or <see cref="FailoverRequest.To"/>), refused over a node's capacity unless accepted.
    /// <paramref name="running"/>: where each service runs now; <paramref name="answering"/>: the nodes not found unreachable
    /// (a node found so is skipped; named with <c>--to</c> or as the failback's home, it is refused).
    /// </summary>
    public static (NodeName Source, NodeName Target, OperationRefusal? Refusal) Resolve(MailTopology topology, FailoverRequest request, RoleState state, IReadOnlyDictionary<ServiceName, NodeName> running, IReadOnlySet<NodeName> answering)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(answering);
        var service = request.Service;
        if (request.Kind == OperationKind.Failback)
        {
            var primary = service.Home;
            if (request.To is { } to && to != primary)
            {
                return (state.Active, state.Standby, new FailbackElsewhere(service.Name, primary, to));
            }

            if (state.Active == primary)
            {
                return (state.Active, state.Standby, new NothingToFailBack(primary, state.Standby));
            }

            return Placement.Place(topology, service.Name, running, answering, primary, request.Overrides.OverCapacity) is PlacementRefused refused
                ? (state.Active, primary, new NotPlaced(refused))
                : (state.Active, primary, null);
        }

        // A node found unreachable is no candidate; the preflight still checks the one chosen, when the operation runs.
        return Placement.Place(topology, service.Name, running, answering, request.To, request.Overrides.OverCapacity) switch
        {
            PlacedOn placed => (state.Active, placed.Node, null),
            PlacementRefused refused => (state.Active, refused is OverCapacity over ? over.Node : request.To ?? state.Standby, new NotPlaced(refused)),
            _ => (state.Active, state.Standby, null),
        };
    }

    /// <summary>Where each service runs now, from the recorded roles.</summary>
    public static IReadOnlyDictionary<ServiceName, NodeName> Running(IReadOnlyList<RoleState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        return states.ToDictionary(s => s.Service, s => s.Active);
    }

    public Task<FailoverPlan> PlanAsync(FailoverRequest request, IReadOnlyList<FailoverStep> steps, CancellationToken cancellationToken) =>
        PlanAsync(request, steps, [], cancellationToken);

    /// <summary>
    /// The plan, taking what <paramref name="known"/> found instead of asking again: a node the health watch has declared
    /// down is not asked over SSH, and the VIP of the service it found so is not probed (each would wait out a dead node's
    /// timeout); the findings say whose they are and how old. Only for what a person reads before deciding: a decision's
    /// plan takes none.
    /// </summary>
    public async Task<FailoverPlan> PlanAsync(FailoverRequest request, IReadOnlyList<FailoverStep> steps, IReadOnlyCollection<WatchFinding> known, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(known);
        var kind = request.Kind;
        var states = await roles.GetAllAsync(topology.Services, cancellationToken);
        var state = states.First(s => s.Service == request.Service.Name);
        var unfinished = await operations.UnfinishedAsync(request.Service.Name, cancellationToken);

        // One SSH command per node (its interface list: reachable, and its view of the VIP), everything at once:
        // a dead node's connect timeout is paid once, here; the run that follows does not ask it again.
        var found = known.Where(f => !f.Listing.Succeeded).GroupBy(f => f.Node).ToDictionary(g => g.Key, g => g.MaxBy(f => f.At)!);
        var listings = topology.Nodes.ToDictionary(
            n => n.NodeName,
            n => found.TryGetValue(n.NodeName, out var finding) ? Task.FromResult(finding.Listing) : vip.ListInterfacesAsync(n.NodeName, cancellationToken));
        var vipFound = found.Values.Where(f => f.Service == request.Service.Name).MaxBy(f => f.At);
        var vipReport = vip.JudgeAsync(
            request.Service,
            [.. request.Service.Nodes.Select(n => listings[n])],
            vipFound is null ? vip.ProbeVipAsync(request.Service, cancellationToken) : Task.FromResult(vipFound.Vip));
        var lastRun = history.LastAsync(request.Service.Name, cancellationToken);
        var lastGood = history.LastGoodAsync(request.Service.Name, cancellationToken);
        var checking = replication.CheckAsync(cancellationToken);
        var directory = DirectoryAsync(checking, [.. listings.Values]);
        var lease = operationLock.GetAsync(request.Service.Name, cancellationToken);

        // Where it goes needs to know which of its nodes answer; the mail service is probed meanwhile on the node it
        // would go to if they all did, and again only if an unreachable node changes that.
        var running = Running(states);
        var resumes = unfinished is { } u && u.Kind == kind;
        var guess = resumes ? unfinished!.Target : Resolve(topology, request, state, running, request.Service.Nodes.ToHashSet()).Target;
        var guessed = probe.ProbeAsync(topology.Node(guess).ServiceAddress, request.Service.Vip.ServicePort, request.Service.Vip.ProbeTimeout, cancellationToken);
        await Task.WhenAll(request.Service.Nodes.Select(n => listings[n]));
        var answering = request.Service.Nodes.Where(n => listings[n].Result.Succeeded).ToHashSet();
        var (source, target, refusal) = resumes
            ? (unfinished!.Source, unfinished.Target, null)
            : Resolve(topology, request, state, running, answering);
        if (unfinished is not null && unfinished.Kind != kind)
        {
            refusal = new InterruptedOperationFirst(unfinished.Kind, unfinished.Id, unfinished.Source, unfinished.Target);
        }

        var sourceNode = topology.Node(source);
        var targetNode = topology.Node(target);
        var reachSource = listings[source];
        var reachTarget = listings[target];
        var service = target == guess ? guessed : probe.ProbeAsync(targetNode.ServiceAddress, request.Service.Vip.ServicePort, request.Service.Vip.ProbeTimeout, cancellationToken);
        var targetCopy = history.LastGoodIntoAsync(request.Service.Name, target, cancellationToken);
        await Task.WhenAll(reachSource, reachTarget, vipReport, service, guessed, lastRun, lastGood, targetCopy, directory, lease);
        // What this plan asked itself (a finding taken from the watch is the watch's, not this plan's).
        foundDown.Record(listings.Where(l => !found.ContainsKey(l.Key) && l.Value.IsCompletedSuccessfully).Select(l => l.Value.Result));

        var now = time.GetUtcNow();
        string Borrowed(NodeName node) => found.TryGetValue(node, out var finding) ? $" ({Watched(finding, now)})" : "";
        var findings = new List<string>
        {
            $"Roles: {state.Describe()}",
            $"VIP: {(await vipReport).Summary}" + (vipFound is null ? "" : $" ({Watched(vipFound, now)})"),
            $"{source} (gives up the VIP): {Reach(await reachSource)}{Borrowed(source)}",
            $"{target} (takes the VIP): {Reach(await reachTarget)}{Borrowed(target)}; mail service {ServiceText(await service)}",
            $"Mirror: {MirrorText(await lastRun, await lastGood, now)}",
            $"Directory: {await directory}",
            $"Service: {request.Service.Name} (VIP {request.Service.Vip.Address}) moves {source} → {target}" + (request.Overrides.OverCapacity ? "; the approver accepts putting it over the node's capacity" : ""),
        };
        if (target != state.Active && (target != state.Standby || (await targetCopy)?.Id != (await lastGood)?.Id))
        {
            // The mirror feeds the recorded standby: a node past it (--to, or a standby found unreachable) holds an older
            // copy, or none. The catch-up and final sync pull into the target wherever it is; with the source down, none runs.
            findings.Add(TargetCopyText(request, kind, source, target, await targetCopy, (await reachSource).Succeeded, now));
        }

        if (await lease is { Kind: MirrorRunner.LeaseKind } mirroring)
        {
            // A mirror run (a continuous batch every few seconds) is waited out when the operation starts, as the
            // admission does (ServiceLease): refusing the plan for it would refuse requests by chance.
            findings.Add($"Mirror running now: {mirroring.Describe()}; the {kind.ToString().ToLowerInvariant()} waits for it to end (at most {Durations.Format(ServiceLease.MirrorRunWaitLimit)})");
        }
        else if (await lease is { } held)
        {
            findings.Add($"Running now: {held.Describe()}");
            refusal ??= new AnotherOperationRunning(held);
        }

        if (unfinished is not null && (await lease)?.OperationId != unfinished.Id)
        {
            findings.Add($"Interrupted: {unfinished.Kind} {unfinished.Id} ({unfinished.Source} → {unfinished.Target}), done: {string.Join(", ", unfinished.DoneSteps)}");
        }

        var facts = new List<string>
        {
            $"roles:{state.Service}:{state.Generation}:{state.Active}:{state.MirrorPaused}",
            $"vip:{(await vipReport).Verdict}:{(await vipReport).Holder}",
            $"mirror:{(await lastRun)?.IsGood}",
            // With a node unreachable the check races its cutoff: "unknown" either way, or the fingerprint would
            // change between request and approval and void every approval of a failover from a dead primary.
            $"directory:{(checking.IsCompletedSuccessfully && listings.Values.All(l => l.Result.Succeeded) ? string.Join(",", (await checking).Suffixes.Select(s => $"{s.Suffix}={s.State}")) : "unknown")}",
            $"reach:{(await reachSource).Succeeded}:{(await reachTarget).Succeeded}",
        };

        var context = new FailoverContext(
            new OperationRecord(request.Service.Name, "dry-run", kind, source, target, state.Generation, "", "", "plan", now, new HashSet<string>()),
            request with { RequestedBy = "", ApprovedBy = "" },
            sourceNode,
            targetNode)
        {
            SourceFoundDown = (await reachSource).Succeeded ? null : await reachSource,
        };
        var planned = steps.Select((s, i) => new PlannedStep(i + 1, s.Name, s.Title, s.Rule, s.Commands(context)) { Note = s.Note(context) }).ToList();
        return new FailoverPlan(request.Service.Name, kind, source, target, state.Generation, planned, findings, facts, refusal?.Describe())
        {
            Taken = [.. found.Values],
            Headline = topology.Services.Count == 1
                ? $"{kind}: move the VIP from {source} to {target}"
                : $"{kind} of {request.Service.Name}: move its VIP {request.Service.Vip.Address} from {source} to {target}" + (request.Overrides.OverCapacity ? " (over capacity accepted)" : ""),
        };
    }

    private static async Task<string> DirectoryAsync(Task<ReplicationReport> check, IReadOnlyList<Task<CommandOutcome>> listings) =>
        await NodeCutoff.WaitAsync(check, listings) is { } why
            ? $"unknown ({why.Describe()})"
            : string.Join("; ", (await check).Suffixes.Select(s => s.Describe()));

    /// <summary>Whose a finding not asked again is, and how old: the plan's reader must know it is not this plan's own look.</summary>
    private static string Watched(WatchFinding finding, DateTimeOffset now) =>
        $"the health watch's finding, {Durations.Format(now - finding.At)} old ({finding.Node} down since {finding.DownSince:HH:mm:ss}Z): not asked again for this card; approving checks it afresh";

    private static string Reach(CommandOutcome outcome) => outcome.Succeeded ? "reachable over SSH" : outcome.Describe();

    private static string ServiceText(ServiceAnswer answer) => answer switch
    {
        Answered a => $"answers (\"{a.Banner}\")",
        Silent s => $"SILENT ({s.Reason})",
        _ => "unknown",
    };

    /// <summary>How old the target's own copy of the store is, and whether this operation brings it current before it serves.</summary>
    private static string TargetCopyText(FailoverRequest request, OperationKind kind, NodeName source, NodeName target, MirrorRun? copy, bool sourceAnswers, DateTimeOffset now)
    {
        var age = copy is null
            ? $"never mirrored into: MailHa has never pulled {request.Service.Name}'s store there"
            : $"its last good mirror run was {Durations.Format(now - copy.StartedAt)} ago ({copy.Source} → {target} at {copy.StartedAt:yyyy-MM-dd HH:mm}Z)";
        var then = sourceAnswers
            ? kind == OperationKind.Failover
                ? $"the final sync pulls the store from {source} into it before it takes the VIP"
                : $"the catch-up run and the final sync pull the store from {source} into it before it takes the VIP"
            : copy is null
                ? $"{source} is unreachable over SSH, so the final sync runs only if its rsync daemon still answers: otherwise {target} serves whatever copy it holds, without the mail on {source}"
                : $"{source} is unreachable over SSH, so the final sync runs only if its rsync daemon still answers: otherwise {target} serves that copy, {Durations.Format(now - copy.StartedAt)} old, without the mail received on {source} since";
        return $"Copy on {target}: {age}; {then}";
    }

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
