namespace MailHa.Bot.Alerts;

/// <summary>
/// When the active node's watch looks next. While every watched node answers: one <c>WatchInterval</c> after the last
/// check began. While a node's streak is pending (<see cref="MailHa.Operations.Liveness.DownDetector.NextDecision"/>):
/// again at once, back to back (at most every <see cref="Suspected"/>), so a node that comes back is seen doing so; and
/// the check that can decide starts at the very moment its streak has lasted its window, instead of up to one check late.
/// </summary>
public static class WatchCadence
{
    /// <summary>The shortest pause between the starts of two checks while a streak is pending (a dead node's probes may fail at once).</summary>
    public static readonly TimeSpan Suspected = TimeSpan.FromSeconds(1);

    /// <summary>When the next check starts, given when the last one <paramref name="started"/> and <paramref name="finished"/>.</summary>
    public static DateTimeOffset Next(DateTimeOffset started, DateTimeOffset finished, DateTimeOffset? decidesAt, TimeSpan interval)
    {
        var regular = Later(started + interval, finished);
        if (decidesAt is not { } decides)
        {
            return regular;
        }

        var soon = Later(started + (Suspected < interval ? Suspected : interval), finished);

        // Starting the check after `soon` would start the deciding one up to a whole check late: wait for the moment instead.
        return decides < soon + (finished - started) ? Later(decides, finished) : soon;
    }

    private static DateTimeOffset Later(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
