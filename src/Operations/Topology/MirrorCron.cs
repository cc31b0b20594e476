using Cronos;

namespace MailHa.Operations.Topology;

/// <summary>
/// The syntax of <c>Mirror:Cron</c>, Hangfire's: five fields (whole minutes, the seed's <c>*/10 * * * *</c>), or six with
/// the seconds first (<c>*/30 * * * * *</c>) to mirror more often than once a minute where <c>Mirror:Mode = Continuous</c>
/// is not available (a Solaris node has no inotify). Runs of a cron with seconds must be at least
/// <see cref="ShortestInterval"/> apart: a run claims the interval it starts in, and a scheduled run may start up to about
/// 20 s after its time (the scheduler looks every second then; the instance that enqueued it takes it at once, another
/// reads PostgreSQL's job queue every 15 s).
/// </summary>
public static class MirrorCron
{
    /// <summary>The shortest time a cron with seconds may leave between two runs.</summary>
    public static readonly TimeSpan ShortestInterval = TimeSpan.FromSeconds(30);

    /// <summary>Parses <paramref name="cron"/> (five fields, or six with the seconds first); throws <see cref="CronFormatException"/> when it is not a cron.</summary>
    public static CronExpression Parse(string cron)
    {
        ArgumentNullException.ThrowIfNull(cron);
        return CronExpression.Parse(cron, HasSeconds(cron) ? CronFormat.IncludeSeconds : CronFormat.Standard);
    }

    /// <summary>Whether <paramref name="cron"/> has a seconds field (six fields).</summary>
    public static bool HasSeconds(string cron)
    {
        ArgumentNullException.ThrowIfNull(cron);
        return cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6;
    }

    /// <summary>
    /// The first time between two consecutive runs of <paramref name="cron"/> that is shorter than
    /// <paramref name="shortest"/>, or null when none is; looked for over a week from a Monday at midnight (UTC), so every
    /// hour and day of the week a cron may name is seen.
    /// </summary>
    public static TimeSpan? GapUnder(CronExpression cron, TimeSpan shortest)
    {
        ArgumentNullException.ThrowIfNull(cron);
        var monday = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        DateTime? previous = null;
        foreach (var run in cron.GetOccurrences(monday, monday.AddDays(7)))
        {
            if (previous is { } before && run - before < shortest)
            {
                return run - before;
            }

            previous = run;
        }

        return null;
    }
}
