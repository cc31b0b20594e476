using System.Collections.Concurrent;

namespace MailHa.Bench.Soak;

/// <summary>
/// The invariants a soak checks; each is a line of the report with its count of checks. <see cref="CapacityRespected"/>
/// is checked only where a node has a capacity (N+1): after a move that succeeded without <c>--accept-over-capacity</c>,
/// its target runs no more services than that.
/// </summary>
internal enum Invariant
{
    OneVipHolder,
    NoPullIntoActive,
    NoLossOnPlannedMoves,
    FailoverLossBounded,
    FailedMoveKeepsVip,
    InterruptedShownAndResumed,
    HostKeyRefused,
    StoreFullTyped,
    CapacityRespected,
    OneAlertPerStreak,
    AuditVerifies,
    CleanLogs,
    NoOrphans,
    MemoryBounded,
}

/// <summary>An invariant that did not hold: the soak stops with it.</summary>
internal sealed class SoakViolation(Invariant invariant, string detail) : Exception($"{invariant}: {detail}")
{
    public Invariant Invariant { get; } = invariant;

    public string Detail { get; } = detail;
}

/// <summary>Counts of checks per invariant, and the first violation (the soak stops there).</summary>
internal sealed class SoakInvariants
{
    private readonly ConcurrentDictionary<Invariant, long> _checks = new();

    public SoakViolation? Violation { get; private set; }

    /// <summary>Set by the continuous watchers (which cannot throw into the runner): the runner stops at its next step.</summary>
    public CancellationTokenSource Stop { get; } = new();

    public long Checks(Invariant invariant) => _checks.TryGetValue(invariant, out var n) ? n : 0;

    /// <summary>One check; throws <see cref="SoakViolation"/> (and stops the soak) when it fails.</summary>
    public void Check(Invariant invariant, bool holds, Func<string> detail)
    {
        _checks.AddOrUpdate(invariant, 1, (_, n) => n + 1);
        if (!holds)
        {
            var violation = new SoakViolation(invariant, detail());
            lock (_checks)
            {
                Violation ??= violation;
            }

            Stop.Cancel();
            throw violation;
        }
    }

    /// <summary>As <see cref="Check"/>, for a watcher loop: records and stops, never throws.</summary>
    public bool Observe(Invariant invariant, bool holds, Func<string> detail)
    {
        try
        {
            Check(invariant, holds, detail);
            return true;
        }
        catch (SoakViolation)
        {
            return false;
        }
    }
}
