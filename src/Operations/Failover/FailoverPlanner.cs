using MailHa.Operations.Liveness;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>
/// Builds the dry run from the facts <see cref="PlanFactsGatherer"/> finds now: who moves where, whether it is refused,
/// the exact commands per node, and what every check finds (<see cref="PlanFinding"/>, worded by <see cref="PlanText"/>).
/// The facts that an approval depends on go into the fingerprint.
/// </summary>
public sealed class FailoverPlanner(PlanFactsGatherer facts, MailTopology topology, TimeProvider time)
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
    /// The plan, taking what <paramref name="known"/> found instead of asking again (<see cref="PlanFactsGatherer.GatherAsync"/>);
    /// the findings say whose they are and how old. Only for what a person reads before deciding: a decision's plan takes none.
    /// </summary>
    public async Task<FailoverPlan> PlanAsync(FailoverRequest request, IReadOnlyList<FailoverStep> steps, IReadOnlyCollection<WatchFinding> known, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(steps);
        var kind = request.Kind;
        var found = await facts.GatherAsync(request, known, cancellationToken);
        var (state, unfinished, source, target) = (found.State, found.Unfinished, found.Source, found.Target);
        var refusal = unfinished is not null && unfinished.Kind != kind
            ? new InterruptedOperationFirst(unfinished.Kind, unfinished.Id, unfinished.Source, unfinished.Target)
            : found.Placement;

        var now = time.GetUtcNow();
        TakenFromWatch? Taken(WatchFinding? finding) => finding is null ? null : new TakenFromWatch(finding, now - finding.At);
        var findings = new List<PlanFinding>
        {
            new RolesFinding(state),
            new VipFinding(found.Vip, Taken(found.VipFound)),
            new SourceFinding(source, found.SourceReach, Taken(found.Found.GetValueOrDefault(source))),
            new TargetFinding(target, found.TargetReach, Taken(found.Found.GetValueOrDefault(target)), found.TargetService),
            new MirrorFinding(found.LastRun, now - found.LastRun?.EndedAt, now - found.LastGood?.StartedAt),
            new DirectoryFinding(found.DirectoryCutoff is null ? found.Directory : null, found.DirectoryCutoff),
            new MoveFinding(request.Service.Name, request.Service.Vip.Address, source, target, request.Overrides.OverCapacity),
        };
        if (target != state.Active && (target != state.Standby || found.TargetCopy?.Id != found.LastGood?.Id))
        {
            // The mirror feeds the recorded standby: a node past it (--to, or a standby found unreachable) holds an older
            // copy, or none. The catch-up and final sync pull into the target wherever it is; with the source down, none runs.
            findings.Add(new TargetCopyFinding(request.Service.Name, kind, source, target, found.TargetCopy, now - found.TargetCopy?.StartedAt, found.SourceReach.Succeeded));
        }

        if (found.Lease is { Kind: MirrorRunner.LeaseKind } mirroring)
        {
            // A mirror run (a continuous batch every few seconds) is waited out when the operation starts, as the
            // admission does (ServiceLease): refusing the plan for it would refuse requests by chance.
            findings.Add(new MirrorRunningFinding(mirroring, kind));
        }
        else if (found.Lease is { } held)
        {
            findings.Add(new OperationRunningFinding(held));
            refusal ??= new AnotherOperationRunning(held);
        }

        if (unfinished is not null && found.Lease?.OperationId != unfinished.Id)
        {
            findings.Add(new InterruptedFinding(unfinished));
        }

        var fingerprintFacts = new List<string>
        {
            $"roles:{state.Service}:{state.Generation}:{state.Active}:{state.MirrorPaused}",
            $"vip:{found.Vip.Verdict}:{found.Vip.Holder}",
            $"mirror:{found.LastRun?.IsGood}",
            $"directory:{(found.SettledDirectory is { } settled ? string.Join(",", settled.Suffixes.Select(s => $"{s.Suffix}={s.State}")) : "unknown")}",
            $"reach:{found.SourceReach.Succeeded}:{found.TargetReach.Succeeded}",
        };

        var context = new FailoverContext(
            new OperationRecord(request.Service.Name, "dry-run", kind, source, target, state.Generation, "", "", "plan", now, new HashSet<string>()),
            request with { RequestedBy = "", ApprovedBy = "" },
            topology.Node(source),
            topology.Node(target))
        {
            SourceFoundDown = found.SourceReach.Succeeded ? null : found.SourceReach,
        };
        var planned = steps.Select((s, i) => new PlannedStep(i + 1, s.Name, s.Title, s.Rule, s.Commands(context)) { Note = s.Note(context) }).ToList();
        return new FailoverPlan(request.Service.Name, kind, source, target, state.Generation, planned, findings, fingerprintFacts, refusal)
        {
            Taken = [.. found.Found.Values],
            Headline = topology.Services.Count == 1
                ? $"{kind}: move the VIP from {source} to {target}"
                : $"{kind} of {request.Service.Name}: move its VIP {request.Service.Vip.Address} from {source} to {target}" + (request.Overrides.OverCapacity ? " (over capacity accepted)" : ""),
        };
    }
}
