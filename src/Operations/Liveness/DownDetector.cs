using MailHa.Operations.Topology;

namespace MailHa.Operations.Liveness;

/// <summary>
/// Hysteresis over consecutive samples, one streak per watched node (a node is watched while it is active for some
/// service): a condition counts only once it has held in every sample for its window (<see cref="DownWindows"/>).
/// Samples in which every view agrees the node is gone declare it after <c>AgreedDownAfter</c>, counted from the first
/// of an unbroken run of them; anything less certain needs <c>DownAfter</c> from the first failed probe; a node that
/// came back less than <c>FlapMemory</c> before its streak began needs <c>DownAfter</c> whatever the evidence (flap
/// damping). One sample where the node answers on any view ends the streak, so a node flapping faster than its window
/// is never declared down. A node no longer watched (it handed its services over) is forgotten (<see cref="Retain"/>),
/// so it starts over if it becomes active again. Kept in memory on the instance that leads; a new leader starts over,
/// which only delays a verdict. What the latest sample found of each node declared down is kept for a request's card
/// (<see cref="Findings"/>).
/// </summary>
public sealed class DownDetector
{
    /// <summary>
    /// Checks run on a timer whose ticks (and the moment each sample is stamped) jitter by milliseconds: a streak
    /// within this of its window has lasted it, or a 60 s streak sampled every 15 s would wait a fifth check.
    /// </summary>
    private static readonly TimeSpan Jitter = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<NodeName, Streak> _streaks = [];

    /// <summary>Whether a streak that began at <paramref name="since"/> has lasted <paramref name="window"/> at <paramref name="at"/>.</summary>
    public static bool Lasted(DateTimeOffset since, DateTimeOffset at, TimeSpan window) => at - since + Jitter >= window;

    /// <summary>The moment a sample must be taken at for a streak that began at <paramref name="since"/> to have lasted <paramref name="window"/>.</summary>
    public static DateTimeOffset LastsAt(DateTimeOffset since, TimeSpan window) => since + window - Jitter;

    /// <summary>Judges <paramref name="sample"/>'s active node, continuing that node's streak.</summary>
    public LivenessVerdict Observe(LivenessSample sample, DownWindows windows)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(windows);
        lock (_gate)
        {
            var streak = _streaks.TryGetValue(sample.Active, out var kept) ? kept : _streaks[sample.Active] = new Streak();
            streak.Continue(sample, windows.FlapMemory);
            streak.Finding = null;

            if (streak.NeitherSeenSince is { } neither && Lasted(neither, sample.At, windows.DownAfter))
            {
                streak.DecidesAt = null;
                return new NeitherVisible(sample, neither);
            }

            if (streak.UnseenSince is not { } since)
            {
                streak.DecidesAt = null;
                return new ActiveAlive(sample);
            }

            var decidesAt = LastsAt(since, windows.DownAfter);
            if (streak.AgreedSince is { } agreed && !streak.Flapping && LastsAt(agreed, windows.AgreedDownAfter) < decidesAt)
            {
                decidesAt = LastsAt(agreed, windows.AgreedDownAfter);
            }

            if (sample.At < decidesAt || sample.NeitherSeen)
            {
                // MailHa's own network in doubt: nothing is decided soon, so nothing needs a sample soon.
                streak.DecidesAt = sample.NeitherSeen ? null : decidesAt;
                return new ActiveSuspected(sample, since);
            }

            streak.DecidesAt = null;
            streak.Finding = sample.Evidence is { } evidence
                ? new WatchFinding(sample.Active, sample.Roles.Service, since, sample.At, evidence.ActiveListing, evidence.Vip)
                : null;
            return sample.StandbyHealthy ? new ActiveDown(sample, since) : new ActiveDownStandbyUnhealthy(sample, since);
        }
    }

    /// <summary>What the latest sample found of each node it declared down (none answered since); the caller judges the age.</summary>
    public IReadOnlyList<WatchFinding> Findings()
    {
        lock (_gate)
        {
            return [.. _streaks.Values.Select(s => s.Finding).OfType<WatchFinding>()];
        }
    }

    /// <summary>
    /// The earliest moment a sample would declare some watched node down if nothing of it answers until then; null
    /// when no streak is pending (every node answers, is declared already, or MailHa sees neither node of a pair).
    /// </summary>
    public DateTimeOffset? NextDecision()
    {
        lock (_gate)
        {
            return _streaks.Values.Select(s => s.DecidesAt).Where(d => d is not null).Min();
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

    /// <summary>One node's streak: since when nothing of it answered (and since when every view agreed), and when it last came back.</summary>
    private sealed class Streak
    {
        public DateTimeOffset? UnseenSince { get; private set; }

        /// <summary>The first of the unbroken run of samples, up to now, in which every view agreed.</summary>
        public DateTimeOffset? AgreedSince { get; private set; }

        public DateTimeOffset? NeitherSeenSince { get; private set; }

        /// <summary>The streak began less than the flap memory after the node came back from the one before.</summary>
        public bool Flapping { get; private set; }

        /// <summary>When a sample would declare the node down; null when none is pending.</summary>
        public DateTimeOffset? DecidesAt { get; set; }

        /// <summary>What the latest sample found, when it declared the node down; otherwise null.</summary>
        public WatchFinding? Finding { get; set; }

        private DateTimeOffset? _backAt;

        public void Continue(LivenessSample sample, TimeSpan flapMemory)
        {
            if (sample.ActiveUnseen)
            {
                if (UnseenSince is null)
                {
                    UnseenSince = sample.At;
                    Flapping = _backAt is { } back && sample.At - back < flapMemory;
                }

                AgreedSince = sample.AllViewsAgreeDown ? AgreedSince ?? sample.At : null;
            }
            else
            {
                if (UnseenSince is not null)
                {
                    _backAt = sample.At;
                }

                (UnseenSince, AgreedSince, Flapping) = (null, null, false);
            }

            NeitherSeenSince = sample.NeitherSeen ? NeitherSeenSince ?? sample.At : null;
        }
    }
}
