using MailHa.Bot.Chat;
using MailHa.Operations.Ldap;
using MailHa.Operations.Liveness;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Reporting;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Alerts;

/// <summary>
/// What a failover proposal shows besides the views: where each service would go (<see cref="Placement"/>), the mail
/// an unplanned failover loses (mirror age or lag) and replication.
/// </summary>
public sealed class ProposalFacts(
    MirrorHistory history,
    MirrorStreams streams,
    MailTopology topology,
    ReplicationChecker replication,
    IOptions<DirectoryOptions> directory,
    TimeProvider time)
{
    /// <summary>
    /// The last lag measured on <paramref name="service"/>'s own continuous mirror ("1.4 s"); empty when it is mirrored on
    /// its interval or before any measurement.
    /// </summary>
    public string MirrorLagOf(ServiceName service) => streams.ViewOf(service)?.Lag is { } lag ? Durations.Format(lag) : "";

    /// <summary>
    /// Where each of <paramref name="services"/> (all running on the dead node) would go, one after the other: a
    /// service placed counts against its target's capacity for the next, so two services landing on one N+1 standby
    /// of capacity 1 show the second over capacity.
    /// </summary>
    public IReadOnlyList<PlacementDecision> Place(IReadOnlyList<ServiceName> services, IReadOnlyDictionary<ServiceName, NodeName> running, IReadOnlySet<NodeName> reachable)
    {
        ArgumentNullException.ThrowIfNull(services);
        var planned = running.ToDictionary();
        List<PlacementDecision> decisions = [];
        foreach (var service in services)
        {
            var decision = Placement.Place(topology, service, planned, reachable);
            if (TargetOf(decision) is { } node)
            {
                planned[service] = node;
            }

            decisions.Add(decision);
        }

        return decisions;
    }

    /// <summary>The node a failover would go to: where it was placed, or the node it would overload (the card says so).</summary>
    public static NodeName? TargetOf(PlacementDecision decision) => decision switch
    {
        PlacedOn placed => placed.Node,
        OverCapacity over => over.Node,
        _ => null,
    };

    /// <summary>
    /// How old the copy a failover to <paramref name="target"/> would serve is: the mirror's last good run, or, for a node
    /// past the recorded <paramref name="standby"/> (the mirror does not feed it), that node's own last good run, or that
    /// there never was one.
    /// </summary>
    public async Task<MirrorAge> MirrorAgeAsync(ServiceName service, NodeName? target, NodeName standby, CancellationToken cancellationToken)
    {
        if (target is { } past && past != standby)
        {
            var copy = await history.LastGoodIntoAsync(service, past, cancellationToken);
            return copy is null
                ? new PastStandbyNeverMirrored(past, standby)
                : new PastStandbyCopyAge(past, standby, copy.StartedAt, time.GetUtcNow() - copy.StartedAt);
        }

        var lastGood = await history.LastGoodAsync(service, cancellationToken);
        return lastGood is null ? new MirrorNeverSucceeded() : new StandbyCopyAge(lastGood.StartedAt, time.GetUtcNow() - lastGood.StartedAt);
    }

    public async Task<string> ReplicationAsync(LivenessSample sample, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sample);

        // A check against a directory that just did not answer would only delay the card by its timeout.
        if (sample.Of(sample.Active).FirstOrDefault(v => v.Kind == LivenessViewKind.Directory) is { Answers: not true } silent)
        {
            return $"not checked: {sample.Active}'s directory does not answer ({silent.Detail}); {sample.Standby}'s copy has what was replicated before";
        }

        var bound = directory.Value.Timeout * 2 + TimeSpan.FromSeconds(1);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(bound);
        try
        {
            var report = await replication.CheckAsync(deadline.Token).WaitAsync(deadline.Token);
            return $"{report.State}: {string.Join("; ", report.Suffixes.Select(s => s.Describe()))}";
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"unknown (no answer within {Durations.Format(bound)})";
        }
    }
}
