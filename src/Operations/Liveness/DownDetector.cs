using MailHa.Operations.Topology;

namespace MailHa.Operations.Liveness;

/// <summary>
/// Hysteresis over consecutive samples: a condition counts only once it has held in every sample for
/// <c>downAfter</c>. One sample where the active node answers on any view ends the streak, so a node flapping faster
/// than <c>downAfter</c> is never declared down. A change of active node (a failover) starts over. Kept in memory on
/// the instance that leads; a new leader starts over, which only delays a verdict.
/// </summary>
public sealed class DownDetector
{
    private readonly Lock _gate = new();
    private NodeName? _active;
    private DateTimeOffset? _activeUnseenSince;
    private DateTimeOffset? _neitherSeenSince;

    public LivenessVerdict Observe(LivenessSample sample, TimeSpan downAfter)
    {
        ArgumentNullException.ThrowIfNull(sample);
        lock (_gate)
        {
            if (_active != sample.Active)
            {
                (_active, _activeUnseenSince, _neitherSeenSince) = (sample.Active, null, null);
            }

            _activeUnseenSince = sample.ActiveUnseen ? _activeUnseenSince ?? sample.At : null;
            _neitherSeenSince = sample.NeitherSeen ? _neitherSeenSince ?? sample.At : null;

            if (_neitherSeenSince is { } neither && sample.At - neither >= downAfter)
            {
                return new NeitherVisible(sample, neither);
            }

            if (_activeUnseenSince is not { } since)
            {
                return new ActiveAlive(sample);
            }

            if (sample.At - since < downAfter || sample.NeitherSeen)
            {
                return new ActiveSuspected(sample, since);
            }

            return sample.StandbyHealthy ? new ActiveDown(sample, since) : new ActiveDownStandbyUnhealthy(sample, since);
        }
    }
}
