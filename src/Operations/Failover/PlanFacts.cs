using MailHa.Operations.Journal;
using MailHa.Operations.Ldap;
using MailHa.Operations.Liveness;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Failover;

/// <summary>
/// What a plan is made of, as found now: the recorded roles and unfinished operation, who gives up the VIP and who takes
/// it (<paramref name="Placement"/>: why that makes no sense, from <see cref="FailoverPlanner.Resolve"/>), what both
/// nodes answer, the mirror's runs, the lease, and the directory (<paramref name="Directory"/> when it was waited for,
/// else <paramref name="DirectoryCutoff"/>; <paramref name="SettledDirectory"/> only when every node answered and the
/// check ended: what the fingerprint covers). <paramref name="Found"/>: the health watch's findings taken instead of
/// asking a node again, by node; <paramref name="VipFound"/>: the one whose answer on the VIP was taken.
/// </summary>
public sealed record PlanFacts(
    RoleState State,
    OperationRecord? Unfinished,
    NodeName Source,
    NodeName Target,
    OperationRefusal? Placement,
    VipReport Vip,
    CommandOutcome SourceReach,
    CommandOutcome TargetReach,
    ServiceAnswer TargetService,
    MirrorRun? LastRun,
    MirrorRun? LastGood,
    MirrorRun? TargetCopy,
    OperationLease? Lease,
    ReplicationReport? Directory,
    NotWaitedFor? DirectoryCutoff,
    ReplicationReport? SettledDirectory,
    IReadOnlyDictionary<NodeName, WatchFinding> Found,
    WatchFinding? VipFound);

/// <summary>
/// Gathers a plan's facts in parallel: one SSH command per node (its interface list: reachable, and its view of the VIP)
/// with the journal's reads and the replication check, the mail service probed on where it would go.
/// </summary>
public sealed class PlanFactsGatherer(ServiceRecords records, VipLocator vip, IServiceProbe probe, ReplicationChecker replication, NodesFoundDown foundDown, MailTopology topology)
{
    /// <summary>
    /// The facts, taking what <paramref name="known"/> found instead of asking again: a node the health watch has declared
    /// down is not asked over SSH, and the VIP of the service it found so is not probed (each would wait out a dead node's
    /// timeout). Only for what a person reads before deciding: a decision's plan takes none.
    /// </summary>
    public async Task<PlanFacts> GatherAsync(FailoverRequest request, IReadOnlyCollection<WatchFinding> known, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(known);
        var (states, unfinished) = await records.RolesAsync(request.Service.Name, cancellationToken);
        var state = states.First(s => s.Service == request.Service.Name);

        // Everything at once: a dead node's connect timeout is paid once, here; the run that follows does not ask it again.
        var found = known.Where(f => !f.Listing.Succeeded).GroupBy(f => f.Node).ToDictionary(g => g.Key, g => g.MaxBy(f => f.At)!);
        var listings = topology.Nodes.ToDictionary(
            n => n.NodeName,
            n => found.TryGetValue(n.NodeName, out var finding) ? Task.FromResult(finding.Listing) : vip.ListInterfacesAsync(n.NodeName, cancellationToken));
        var vipFound = found.Values.Where(f => f.Service == request.Service.Name).MaxBy(f => f.At);
        var vipReport = vip.JudgeAsync(
            request.Service,
            [.. request.Service.Nodes.Select(n => listings[n])],
            vipFound is null ? vip.ProbeVipAsync(request.Service, cancellationToken) : Task.FromResult(vipFound.Vip));
        var recorded = records.NowAsync(request.Service.Name, cancellationToken);
        var checking = replication.CheckAsync(cancellationToken);
        var directory = DirectoryAsync(checking, [.. listings.Values]);

        // Where it goes needs to know which of its nodes answer; the mail service is probed meanwhile on the node it
        // would go to if they all did, and again only if an unreachable node changes that.
        var running = FailoverPlanner.Running(states);
        var resumes = unfinished is { } u && u.Kind == request.Kind;
        var guess = resumes ? unfinished!.Target : FailoverPlanner.Resolve(topology, request, state, running, request.Service.Nodes.ToHashSet()).Target;
        var guessed = ProbeAsync(request, guess, cancellationToken);
        await Task.WhenAll(request.Service.Nodes.Select(n => listings[n]));
        var answering = request.Service.Nodes.Where(n => listings[n].Result.Succeeded).ToHashSet();
        var (source, target, placement) = resumes
            ? (unfinished!.Source, unfinished.Target, null)
            : FailoverPlanner.Resolve(topology, request, state, running, answering);

        var reachSource = listings[source];
        var reachTarget = listings[target];
        var service = target == guess ? guessed : ProbeAsync(request, target, cancellationToken);
        var targetCopy = records.CopyOnAsync(request.Service.Name, target, cancellationToken);
        await Task.WhenAll(reachSource, reachTarget, vipReport, service, guessed, recorded, targetCopy, directory);
        // What this plan asked itself (a finding taken from the watch is the watch's, not this plan's).
        foundDown.Record(listings.Where(l => !found.ContainsKey(l.Key) && l.Value.IsCompletedSuccessfully).Select(l => l.Value.Result));

        var (lastRun, lastGood, lease) = await recorded;
        var (report, cutoff) = await directory;

        // With a node unreachable the check races its cutoff: "unknown" either way, or the fingerprint would change
        // between request and approval and void every approval of a failover from a dead primary.
        var settled = checking.IsCompletedSuccessfully && listings.Values.All(l => l.Result.Succeeded) ? await checking : null;
        return new PlanFacts(
            state, unfinished, source, target, placement, await vipReport, await reachSource, await reachTarget, await service,
            lastRun, lastGood, await targetCopy, lease, report, cutoff, settled, found, vipFound);
    }

    private Task<ServiceAnswer> ProbeAsync(FailoverRequest request, NodeName node, CancellationToken cancellationToken) =>
        probe.ProbeAsync(topology.Node(node).ServiceAddress, request.Service.Vip.ServicePort, request.Service.Vip.ProbeTimeout, cancellationToken);

    private static async Task<(ReplicationReport? Report, NotWaitedFor? Cutoff)> DirectoryAsync(Task<ReplicationReport> check, IReadOnlyList<Task<CommandOutcome>> listings) =>
        await NodeCutoff.WaitAsync(check, listings) is { } why ? (null, why) : (await check, null);
}
