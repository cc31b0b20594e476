using System.Globalization;
using System.Text;

namespace MailHa.Bench;

/// <summary>The continuous stage's section of the report (issue #22): lag, failover loss, the big store, the burst; Continuous against Interval.</summary>
internal static class ContinuousReport
{
    public static void Append(StringBuilder md, ContinuousBench? bench)
    {
        md.Append("\n## 9. Continuous mirror (issue #22)\n\n");
        if (bench is null)
        {
            md.Append("Not measured in this run.\n");
            return;
        }

        var s = bench.Settings;
        md.Append(CultureInfo.InvariantCulture, $"""
            Users' mail at {s.Rate} messages/s through the lab's sending MTA (Postfix → the VIP → mail1's Postfix and Dovecot), {s.SteadySeconds:0} s per
            window; MailHa in process with a fresh journal per part, `Mirror:HeartbeatInterval` 1 s. Interval runs every {s.IntervalSeconds:0} s here (production's
            cron: every 600 s; its lag grows with the interval). Arrival: each message's appearance in `user20/INBOX/new` on mail2 less its appearance
            there on mail1 (inotifywait in each host, one clock). CPU: every process in the host's network namespace, reaped children included
            (mail1 also delivers the mail: the same in both modes).

            ### Lag at {s.Rate} messages/s

            | mode | store | sent | stored on mail1 | arrival p50 | p99 | max | not arrived | heartbeat lag p50 | p99 | CPU mail1 | CPU mail2 | full runs |
            |---|---|---|---|---|---|---|---|---|---|---|---|---|

            """);
        foreach (var lag in bench.Steady)
        {
            var arrival = Distribution.Of(lag.ArrivalLagMs);
            var heartbeat = Distribution.Of(lag.HeartbeatLagMs);
            md.Append(CultureInfo.InvariantCulture,
                $"| {lag.Mode} | {lag.Store} | {lag.Sent} | {lag.StoredOnSource} | {S(arrival?.Median)} | {S(arrival?.P99)} | {S(arrival?.Max)} | {lag.NotArrived} | {S(heartbeat?.Median)} | {S(heartbeat?.P99)} | {lag.SourceCores:0.000} | {lag.StandbyCores:0.000} | {lag.FullRuns} |\n");
        }

        md.Append(CultureInfo.InvariantCulture, $"""

            ### Unplanned failover under {s.Rate} messages/s

            {s.FailoverLoadSeconds:0} s of mail, then mail1 cut (`lab cut`) and a failover with the primary down; the sender keeps sending (deferred mail is retried
            to mail2 once the VIP is there). Lost: sent less found by IMAP on mail2. Target: no more than what reached mail1's store in the last 5 s before the cut.

            | mode | outcome | sent | on mail2 (IMAP) | lost | stored on mail1 before the cut | in its last 5 s | since Interval's last run | heartbeat lag at the cut | last good run before the cut |
            |---|---|---|---|---|---|---|---|---|---|

            """);
        foreach (var f in bench.Failovers)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| {f.Mode} | {f.Outcome} | {f.Sent} | {f.Arrived} | **{f.Lost}** | {f.StoredBeforeCut} | {f.LastFiveSeconds} | {(f.SinceLastRun is { } r ? r.ToString(CultureInfo.InvariantCulture) : "—")} | {S(f.LagAtCutMs)} | {S(f.MirrorAgeAtCutMs)} ago |\n");
        }

        foreach (var f in bench.Failovers.Where(f => f.Note.Length > 0))
        {
            md.Append(CultureInfo.InvariantCulture, $"\n{f.Mode}: {f.Note}.\n");
        }

        if (bench.Big is not { } big)
        {
            md.Append("\nThe big store: not measured in this run.\n");
            return;
        }

        md.Append(CultureInfo.InvariantCulture, $"""

            ### The big store: {big.Files:N0} files in {big.Folders:N0} folders ({big.Bytes / 1e9:0.00} GB)

            {big.Origin}{(big.GenerateSeconds is { } g ? $", in {g:0} s ({g * 100_000 / big.Files:0.0} s per 100,000 files)" : "")}; put on both hosts as hard links in {big.PlaceSeconds:0.0} s
            (identical copies: a full run finds nothing to send). {big.WatchedDirectories} directories watched in the whole store.

            | measurement | value |
            |---|---|
            | raw `rsync` pull, nothing changed (MailHa's own pull line over a new `ssh`) | {S(big.RawNoChangeMs)} |
            | MailHa's full guarded run (Interval; the safety net's run), nothing changed | {S(big.IntervalFullRunMs)} {big.IntervalFullRunNote} |
            | Continuous: MailHa's start → every directory watched | {S(big.WatcherStartMs)} |
            | Continuous: the stream's first full run | {S(big.StreamStartFullRunMs)} |
            | Continuous: inotifywait's resident memory on mail1 | {(big.WatcherRssKib is { } rss ? $"{rss / 1024.0:0.0} MiB" : "—")} |

            CPU at {s.Rate} messages/s on the big store: see the lag table's "big store" rows (Interval's includes its full runs).

            """);
        if (big.Burst is { } burst)
        {
            md.Append(CultureInfo.InvariantCulture, $"""

                ### Overflow burst

                {burst.Files:N0} new files written into new folders of the big store in {burst.WrittenSeconds:0.0} s while streaming (the kernel's
                `max_queued_events` as the lab leaves it). From the burst's start: the full run ("{burst.FullRunTrigger ?? "none"}") started at
                {S(burst.FullRunStartedS * 1000)}, ended at {S(burst.FullRunEndedS * 1000)}; the heartbeat's lag back under 5 s at {S(burst.LagUnder5S * 1000)}
                ({S(burst.LagAfterMs)}). {burst.Note}

                """);
        }
    }

    private static string S(double? ms) => ms is { } v ? (v >= 10_000 ? $"{v / 1000:0} s" : $"{v / 1000:0.00} s") : "—";
}
