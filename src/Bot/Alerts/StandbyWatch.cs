using MailHa.Operations.Liveness;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Alerts;

/// <summary>
/// A service whose standby is down for <c>DownAfter</c> (nothing of it answers and its SSH positively does not) has no
/// copy to fail over to: "jt-mail-b has no standby: mail2 down, its mirror cannot run". One alert streak per service
/// (its page keyed by the node's outage), with a recovery when the node answers again or the service gets another
/// standby. Not said while the service's active node is unseen too: that is the active node's alert (or MailHa's own
/// network). No proposal: nothing is to move. The node's streak is kept in memory on the leader, like the active node's.
/// </summary>
public sealed class StandbyWatch(AlertTracker tracker, AlertPoster poster)
{
    /// <summary>The alert streak of a service without a standby (with the service appended).</summary>
    public const string Problem = "no-standby";

    private readonly Lock _gate = new();
    private readonly Dictionary<NodeName, DateTimeOffset> _unseenSince = [];
    private readonly Dictionary<string, NodeName> _paged = new(StringComparer.Ordinal);

    public async Task ObserveAsync(WatchRound round, TimeSpan downAfter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(round);

        // One pair: a dead standby is the mirror's alert (its runs fail), as it always was; a second alert would be noise.
        if (round.Samples.Count < 2)
        {
            return;
        }

        var since = Streaks(round);
        foreach (var sample in round.Samples)
        {
            var service = sample.Roles.Service;
            var down = since.TryGetValue(sample.Standby, out var from) && DownDetector.Lasted(from, sample.At, downAfter) && !sample.ActiveUnseen;
            var problem = $"{Problem}:{service}";
            var kind = await tracker.ObserveAsync(problem, down, cancellationToken);
            if (kind == AlertKind.None)
            {
                continue;
            }

            await poster.RaiseAsync(new NoStandby(service, sample.Standby, sample.Active, from, PagedNode(problem, kind, sample.Standby)), kind, cancellationToken);
        }
    }

    /// <summary>The node a streak's pages name (its dedup key): the one that went down, also when its recovery comes after the service moved.</summary>
    private NodeName PagedNode(string problem, AlertKind kind, NodeName standby)
    {
        lock (_gate)
        {
            var node = _paged.GetValueOrDefault(problem, standby);
            if (kind == AlertKind.Recovery)
            {
                _paged.Remove(problem);
            }
            else
            {
                _paged[problem] = node;
            }

            return node;
        }
    }

    /// <summary>Since when each standby has been unseen, continued from the last round; a node seen answering starts over.</summary>
    private Dictionary<NodeName, DateTimeOffset> Streaks(WatchRound round)
    {
        lock (_gate)
        {
            foreach (var sample in round.Samples)
            {
                var views = sample.Of(sample.Standby).ToList();
                var unseen = views.Count > 0 && views.All(v => v.Answers != true) && views.Any(v => v.Kind == LivenessViewKind.Ssh && v.Answers == false);
                if (!unseen || round.Reachable.Contains(sample.Standby))
                {
                    _unseenSince.Remove(sample.Standby);
                }
                else if (!_unseenSince.ContainsKey(sample.Standby))
                {
                    _unseenSince[sample.Standby] = sample.At;
                }
            }

            var standbys = round.Samples.Select(s => s.Standby).ToHashSet();
            foreach (var node in _unseenSince.Keys.Where(n => !standbys.Contains(n)).ToList())
            {
                _unseenSince.Remove(node);
            }

            return new(_unseenSince);
        }
    }
}
