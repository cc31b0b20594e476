using MailHa.Operations.Topology;

namespace MailHa.Operations.Liveness;

/// <summary>
/// Hysteresis over consecutive samples, one streak per watched node (a node is watched while it is active for some
/// service): a condition counts only once it has held in every sample for <c>downAfter</c>. One sample where the
/// node answers on any view ends the streak, so a node flapping faster than <c>downAfter</c> is never declared down. A
/// node no longer watched (it handed its services over) is forgotten (<see cref="Retain"/>), so it starts over if it
/// becomes active again. Kept in memory on the instance that leads; a new leader starts over, which only delays a verdict.
/// </summary>
public sealed class DownDetector
{
    /// <summary>
    /// Checks run on a timer whose ticks (and the moment each sample is stamped) jitter by milliseconds: a streak
    /// within this of <c>downAfter</c> has lasted it, or a 60 s streak sampled every 15 s would wait a fifth check.
    /// </summary>
    private static readonly TimeSpan Jitter = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<NodeName, (DateTimeOffset? ActiveUnseenSince, DateTimeOffset? NeitherSeenSince)> _streaks = [];

    /// <summary>Whether a streak that began at <paramref name="since"/> has lasted <paramref name="downAfter"/> at <paramref name="at"/>.</summary>
    public static bool Lasted(DateTimeOffset since, DateTimeOffset at, TimeSpan downAfter) => at - since + Jitter >= downAfter;

    /// <summary>Judges <paramref name="sample"/>'s active node, continuing that node's streak.</summary>
    public LivenessVerdict Observe(LivenessSample sample, TimeSpan downAfter)
    {
        ArgumentNullException.ThrowIfNull(sample);
        lock (_gate)
        {
            var (activeUnseenSince, neitherSeenSince) = _streaks.GetValueOrDefault(sample.Active);
            activeUnseenSince = sample.ActiveUnseen ? activeUnseenSince ?? sample.At : null;
            neitherSeenSince = sample.NeitherSeen ? neitherSeenSince ?? sample.At : null;
            _streaks[sample.Active] = (activeUnseenSince, neitherSeenSince);

            if (neitherSeenSince is { } neither && Lasted(neither, sample.At, downAfter))
            {
                return new NeitherVisible(sample, neither);
            }

            if (activeUnseenSince is not { } since)
            {
                return new ActiveAlive(sample);
            }

            if (!Lasted(since, sample.At, downAfter) || sample.NeitherSeen)
            {
                return new ActiveSuspected(sample, since);
            }

            return sample.StandbyHealthy ? new ActiveDown(sample, since) : new ActiveDownStandbyUnhealthy(sample, since);
        }
    }

    /// <summary>Forgets the streaks of every node but <paramref name="watched"/> (the nodes active for some service now).</summary>
    public void Retain(IReadOnlyCollection<NodeName> watched)
    {
        ArgumentNullException.ThrowIfNull(watched);
        lock (_gate)
        {
            foreach (var node in _streaks.Keys.Where(n => !watched.Contains(n)).ToList())
            {
                _streaks.Remove(node);
            }
        }
    }
}
