using MailHa.Operations.Liveness;
using MailHa.Operations.Reporting;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Alerts;

/// <summary>
/// Every <c>WatchInterval</c>, on the leader: one liveness sample per service (all at once), and each node active for
/// some service judged with hysteresis (<c>AgreedDownAfter</c> when every view agrees, else <c>DownAfter</c>; flap damping: <see cref="DownDetector"/>), per node. Such a node down with a healthy standby becomes
/// one <see cref="FailoverProposal"/> naming every service it ran; neither node of a pair visible is its own alert
/// (MailHa's own network, never "primary down"); an active node down with an unhealthy standby is alerted without a
/// proposal; a standby down leaves its services without one (<see cref="StandbyWatch"/>).
/// </summary>
public sealed class ActiveNodeWatch(
    LivenessProbe probe,
    MailTopology topology,
    DownDetector detector,
    FailoverProposal proposal,
    StandbyWatch standbys,
    LivenessAlerts alerts,
    IEnumerable<IReportObserver<LivenessVerdict>> observers,
    IOptions<AlertOptions> options,
    TimeProvider time)
{
    /// <summary>One check; the verdict on the node running the first service.</summary>
    public async Task<LivenessVerdict> CheckAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var round = await SampleAsync(cancellationToken);
        var verdicts = round.Verdicts.Values.ToList();
        var neither = verdicts.FirstOrDefault(v => v is NeitherVisible) ?? verdicts[0];
        await alerts.ObserveAsync(new NeitherNodeVisible(neither), neither is NeitherVisible, cancellationToken);
        // Every node when there are several services, so a node that handed its services over ends its streak too.
        foreach (var node in round.OneService ? round.Verdicts.Keys : topology.Nodes.Select(n => n.NodeName))
        {
            var verdict = round.Verdicts.GetValueOrDefault(node);
            var seen = verdict ?? verdicts[0];
            await alerts.ObserveAsync(new NodeDownStandbyUnhealthy(round.KeyOf("active-down-standby-unhealthy", node), node, seen), seen == verdict && seen is ActiveDownStandbyUnhealthy, cancellationToken);
        }

        await proposal.ObserveAsync(round, cancellationToken);
        await standbys.ObserveAsync(round, options.Value.DownAfter, cancellationToken);
        var first = round.Verdicts[round.Samples[0].Active];
        foreach (var verdict in verdicts)
        {
            await observers.NotifyAsync(verdict, time.GetElapsedTime(started), cancellationToken);
        }

        return first;
    }

    /// <summary>Every service's sample at once; each node active for some service judged on the first service it runs.</summary>
    private async Task<WatchRound> SampleAsync(CancellationToken cancellationToken)
    {
        var samples = await Task.WhenAll(topology.Services.Select(s => probe.SampleAsync(s, cancellationToken)));
        var watched = samples.Select(s => s.Active).Distinct().ToList();
        detector.Retain(watched);
        var verdicts = watched.ToDictionary(n => n, n => detector.Observe(samples.First(s => s.Active == n), options.Value.ToWindows()));
        var reachable = samples.SelectMany(s => s.Views).Where(v => v.Answers == true).Select(v => v.Node).ToHashSet();
        return new WatchRound(topology, samples, verdicts, reachable);
    }
}
