using System.Diagnostics;
using System.Globalization;
using MailHa.Operations.Failover;
using MailHa.Operations.Jobs;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MailHa.Bench;

/// <summary>The continuous stage's sizes and durations (<c>--continuous-*</c>, <c>--burst-*</c>).</summary>
internal sealed record ContinuousSettings(
    IReadOnlySet<string> Parts,
    int Rate,
    double SteadySeconds,
    double IntervalSeconds,
    double FailoverLoadSeconds,
    string? PregeneratedStore,
    int Folders,
    int FilesPerFolder,
    int BurstFiles,
    double BurstSeconds);

/// <summary>Lag at a steady rate of mail: from the heartbeat (Continuous only) and per message, source → standby.</summary>
internal sealed record SteadyLag(
    string Mode, string Store, int Sent, double Seconds, IReadOnlyList<double> HeartbeatLagMs, IReadOnlyList<double> ArrivalLagMs, int StoredOnSource, int NotArrived,
    double SourceCores, double StandbyCores, int FullRuns);

/// <summary>An unplanned failover under load: mail lost (sent − found by IMAP on the new primary) against what reached the source's store before the cut.</summary>
internal sealed record FailoverLoss(
    string Mode, string Outcome, int Sent, int Arrived, int StoredBeforeCut, int LastFiveSeconds, int? SinceLastRun, double? LagAtCutMs, double? MirrorAgeAtCutMs, string Note)
{
    public int Lost => Sent - Arrived;
}

/// <summary>The big store: how it was made, the full runs on it, the watcher's start, the overflow burst.</summary>
internal sealed record BigStoreResult
{
    public int Files { get; init; }

    public long Bytes { get; init; }

    public int Folders { get; init; }

    /// <summary>Generating it (before or inside the lab), and the seconds per 100,000 files.</summary>
    public double? GenerateSeconds { get; init; }

    public string Origin { get; init; } = "";

    /// <summary>Putting it on both hosts (hard links of the generated store: no data copied; both copies identical).</summary>
    public double PlaceSeconds { get; init; }

    public double? RawNoChangeMs { get; set; }

    public double? IntervalFullRunMs { get; set; }

    public string IntervalFullRunNote { get; set; } = "";

    public double? WatcherStartMs { get; set; }

    public long? WatcherRssKib { get; set; }

    public double? StreamStartFullRunMs { get; set; }

    public int? WatchedDirectories { get; set; }

    public BurstResult? Burst { get; set; }
}

/// <summary>A burst of new files into the big store while streaming: how the stream took it, from the burst's start.</summary>
internal sealed record BurstResult(int Files, double WrittenSeconds, string? FullRunTrigger, double? FullRunStartedS, double? FullRunEndedS, double? LagUnder5S, double? LagAfterMs, string Note);

/// <summary>
/// Issue #22's targets, <c>Mirror:Mode</c> Continuous against Interval in one session (<c>--only continuous</c>): MailHa
/// in process (the Operations container as <c>mailha serve</c> builds it, with its leadership, stream and heartbeat), a
/// fresh journal per part, users' mail through the lab's sending MTA (real Postfix, through the VIP) at a steady rate.
/// <list type="number">
/// <item>Lag at the rate on the lab's store: the heartbeat's lag (Continuous) and each message's arrival on the standby less
/// its arrival on the source (<see cref="ArrivalWatch"/>); Interval with a run every <c>--continuous-interval</c> seconds
/// (the production cron runs every 10 minutes: its lag scales with it). CPU of both hosts in the same window.</item>
/// <item>Unplanned failover under that load (source cut, failover with the primary down): sent − found by IMAP on the new
/// primary, against what reached the source's store in the last 5 s before the cut (and, for Interval, since its last run).</item>
/// <item>A big store (<see cref="StoreGenerator"/>; generated inside the lab or once before it, <c>--continuous-store</c>):
/// raw <c>rsync</c> and MailHa's full run with nothing changed, the watcher's start and memory, CPU at the rate for both
/// modes, and a burst of new files that must end in a full run and the lag back under 5 s.</item>
/// </list>
/// </summary>
internal sealed class ContinuousBench(Lab lab, string workDirectory, ContinuousSettings settings)
{
    private const string BigFolder = "bench-big";
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    public List<SteadyLag> Steady { get; } = [];

    public List<FailoverLoss> Failovers { get; } = [];

    public BigStoreResult? Big { get; private set; }

    public ContinuousSettings Settings => settings;

    private string Inbox => $"{lab.StorePath}/{SmtpSender.User}/INBOX/new";

    public async Task RunAsync(List<string> problems, CancellationToken cancellationToken)
    {
        async Task PartAsync(string name, Func<Task> part)
        {
            Console.WriteLine($"  -- {name} ({DateTimeOffset.UtcNow:HH:mm:ss}Z)");
            try
            {
                await part();
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                problems.Add($"continuous: {name}: {e.GetType().Name}: {e.Message}");
                Console.Error.WriteLine($"continuous: {name} failed: {e}");
            }
        }

        async Task PartIfAsync(string part, string name, Func<Task> run)
        {
            if (settings.Parts.Contains(part))
            {
                await PartAsync(name, run);
            }
        }

        await PartIfAsync("lag", "lag, Interval", async () =>
        {
            await lab.NormalizeAsync("mail1", cancellationToken);
            await using var mailha = await StartAsync("interval", continuous: false, cancellationToken);
            Steady.Add(await SteadyAsync(mailha, "lab store", cancellationToken));
        });
        await PartIfAsync("lag", "lag, Continuous", async () =>
        {
            await lab.NormalizeAsync("mail1", cancellationToken);
            await using var mailha = await StartAsync("continuous", continuous: true, cancellationToken);
            Steady.Add(await SteadyAsync(mailha, "lab store", cancellationToken));
        });
        await PartIfAsync("failover", "failover, Continuous", async () => Failovers.Add(await FailoverAsync(continuous: true, cancellationToken)));
        await PartIfAsync("failover", "failover, Interval", async () => Failovers.Add(await FailoverAsync(continuous: false, cancellationToken)));
        await PartIfAsync("big", "big store", () => BigStoreAsync(problems, cancellationToken));
    }

    private async Task<MailHaUnderTest> StartAsync(string name, bool continuous, CancellationToken cancellationToken)
    {
        var database = Path.Combine(workDirectory, $"continuous-{name}-{Guid.NewGuid():N}.db");
        var mailha = MailHaUnderTest.Build(lab, database, continuous);
        try
        {
            await mailha.StartAsync(cancellationToken);
        }
        catch
        {
            await mailha.DisposeAsync();
            throw;
        }

        return mailha;
    }

    /// <summary>Mail at the rate for the steady window; every message followed from the source's <c>new/</c> to the standby's.</summary>
    private async Task<SteadyLag> SteadyAsync(MailHaUnderTest mailha, string store, CancellationToken cancellationToken)
    {
        await using var source = await ArrivalWatch.StartAsync(lab, "mail1", Inbox, cancellationToken);
        await using var standby = await ArrivalWatch.StartAsync(lab, "mail2", Inbox, cancellationToken);
        var runsBefore = await mailha.RunsAsync(cancellationToken);
        var heartbeat = new List<double>();
        DateTimeOffset? lastMeasured = null;
        var cpuSource = await NodeCpu.SecondsAsync("mail1", cancellationToken);
        var cpuStandby = await NodeCpu.SecondsAsync("mail2", cancellationToken);
        var clock = Stopwatch.StartNew();
        var window = TimeSpan.FromSeconds(settings.SteadySeconds);
        await using var users = SmtpSender.Start($"continuous {mailha.Mode} {Guid.NewGuid():N}", 1000 / settings.Rate, (int)(settings.Rate * settings.SteadySeconds));
        var nextRun = TimeSpan.FromSeconds(settings.IntervalSeconds);
        while (clock.Elapsed < window)
        {
            if (!mailha.Continuous && clock.Elapsed >= nextRun)
            {
                await mailha.RunAsync("bench:interval", cancellationToken);
                nextRun += TimeSpan.FromSeconds(settings.IntervalSeconds);
                continue;
            }

            if (mailha.Lag is ({ } lag, { } at) && at != lastMeasured)
            {
                lastMeasured = at;
                heartbeat.Add(lag.TotalMilliseconds);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        var sent = await users.FinishAsync();
        if (!mailha.Continuous)
        {
            // The run at the window's end (the interval's next), so every message of the window is carried.
            await mailha.RunAsync("bench:interval", cancellationToken);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var sourceCores = (await NodeCpu.SecondsAsync("mail1", cancellationToken) - cpuSource) / seconds;
        var standbyCores = (await NodeCpu.SecondsAsync("mail2", cancellationToken) - cpuStandby) / seconds;

        // Whatever is still on its way (the sender's queue, the last batch).
        var settle = Stopwatch.StartNew();
        while (settle.Elapsed < TimeSpan.FromSeconds(20) && source.Seen.Keys.Except(standby.Seen.Keys).Any())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        var onSource = source.Seen;
        var onStandby = standby.Seen;
        var lags = onSource.Where(s => onStandby.ContainsKey(s.Key)).Select(s => (onStandby[s.Key] - s.Value).TotalMilliseconds).ToList();
        var fullRuns = await mailha.RunsAsync(cancellationToken) - runsBefore;
        var result = new SteadyLag(mailha.Mode, store, sent, seconds, heartbeat, lags, onSource.Count, onSource.Count - lags.Count, sourceCores, standbyCores, fullRuns);
        Console.WriteLine($"  {result.Mode} on the {store}: {sent} sent in {seconds:0} s, {onSource.Count} stored on mail1, arrival p50 {P(lags, 0.5)} ms p99 {P(lags, 0.99)} ms, "
            + $"heartbeat p50 {P(heartbeat, 0.5)} ms p99 {P(heartbeat, 0.99)} ms, not arrived {result.NotArrived}, CPU mail1 {sourceCores:0.000} mail2 {standbyCores:0.000} cores, full runs {fullRuns}");
        return result;
    }

    /// <summary>Mail at the rate, the source cut, a failover with the primary down: what the new primary has by IMAP.</summary>
    private async Task<FailoverLoss> FailoverAsync(bool continuous, CancellationToken cancellationToken)
    {
        await lab.NormalizeAsync("mail1", cancellationToken);
        try
        {
            await using var mailha = await StartAsync(continuous ? "failover-continuous" : "failover-interval", continuous, cancellationToken);
            DateTimeOffset? lastRun = null;
            if (!continuous)
            {
                // Interval's best case: a good run just before the load; everything after it is at stake.
                lastRun = DateTimeOffset.UtcNow;
                await mailha.RunAsync("bench:before-failover", cancellationToken);
            }

            await using var source = await ArrivalWatch.StartAsync(lab, "mail1", Inbox, cancellationToken);
            var users = SmtpSender.Start($"continuous failover {mailha.Mode} {Guid.NewGuid():N}", 1000 / settings.Rate, (int)(settings.Rate * (settings.FailoverLoadSeconds + 120)));
            await using (users)
            {
                await Task.Delay(TimeSpan.FromSeconds(settings.FailoverLoadSeconds), cancellationToken);
                var lagAtCut = mailha.Lag?.Lag?.TotalMilliseconds;
                var lastGood = await mailha.LastGoodRunAsync(cancellationToken);
                var cutAt = DateTimeOffset.UtcNow;
                await lab.VerbAsync(cancellationToken, "cut", "mail1");

                var engine = mailha.Host.Services.GetRequiredService<FailoverEngine>();
                var request = new FailoverRequest(mailha.Service, OperationKind.Failover, "bench:requester", "bench:approver", new FailoverOverrides(PrimaryDown: true));
                // As the approval card does, the plan first; refused, a person asks again (every 5 s here, for at most 3 minutes).
                var plan = await engine.PlanAsync(request, cancellationToken);
                var firstRefusal = plan.Refusal?.Describe();
                var asked = Stopwatch.StartNew();
                while (plan.Refusal is not null && asked.Elapsed < Patience)
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                    plan = await engine.PlanAsync(request, cancellationToken);
                }

                var outcome = plan.Refusal is { } refusal ? $"refused: {refusal.Describe()}" : (await engine.RunAsync(request, null, cancellationToken)).Outcome.ToString();
                var note = firstRefusal is null ? "" : $"the plan refused at first ({firstRefusal}); asked again until {(plan.Refusal is null ? "it allowed" : "giving up")} after {asked.Elapsed.TotalSeconds:0} s";
                var smtp = await users.StopAndCountAsync("mail2", cancellationToken);
                var stored = source.Seen.Values.ToList();
                var result = new FailoverLoss(
                    mailha.Mode,
                    outcome,
                    smtp.Sent,
                    smtp.Arrived,
                    stored.Count(t => t <= cutAt),
                    stored.Count(t => t <= cutAt && t > cutAt - TimeSpan.FromSeconds(5)),
                    lastRun is { } run ? stored.Count(t => t <= cutAt && t >= run) : null,
                    lagAtCut,
                    lastGood is { } good ? (cutAt - good.StartedAt).TotalMilliseconds : null,
                    note);
                Console.WriteLine($"  failover {result.Mode}: {result.Outcome}, {result.Sent} sent, {result.Arrived} on mail2 by IMAP, lost {result.Lost}; "
                    + $"stored on mail1 before the cut {result.StoredBeforeCut}, in its last 5 s {result.LastFiveSeconds}"
                    + (result.SinceLastRun is { } since ? $", since the last run {since}" : "")
                    + (lagAtCut is { } l ? $", heartbeat lag at the cut {l:0} ms" : "")
                    + (note.Length > 0 ? $" ({note})" : ""));
                return result;
            }
        }
        finally
        {
            await FailoverBench.AfterFailoverAsync(lab, "mail1", "mail2", cancellationToken);
            await lab.NormalizeAsync("mail1", cancellationToken);
        }
    }

    private async Task BigStoreAsync(List<string> problems, CancellationToken cancellationToken)
    {
        await lab.NormalizeAsync("mail1", cancellationToken);
        var roots = lab.Hosts.ToDictionary(h => h, h => lab.HostPath(h, $"{lab.StorePath}/{BigFolder}"));
        try
        {
            Big = await PlaceAsync(roots, cancellationToken);
            Console.WriteLine($"  big store: {Big.Files} files in {Big.Folders} folders ({Big.Bytes / 1e9:0.00} GB), {Big.Origin}, placed on both hosts in {Big.PlaceSeconds:0.0} s");
            await using (var interval = await StartAsync("big-interval", continuous: false, cancellationToken))
            {
                var raw = await lab.SshAsync("mail2", MirrorBench.RawPull(interval.Host.Services, "mail1", "mail2"), TimeSpan.FromMinutes(30), cancellationToken);
                Big.RawNoChangeMs = raw.Ok ? raw.Elapsed.TotalMilliseconds : null;
                var full = Stopwatch.StartNew();
                var run = await interval.RunAsync("bench:big-full", cancellationToken);
                Big.IntervalFullRunMs = run.IsGood ? full.Elapsed.TotalMilliseconds : null;
                Big.IntervalFullRunNote = run.IsGood ? "" : run.Describe();
                Console.WriteLine($"  big store, nothing changed: raw rsync {Ms(Big.RawNoChangeMs)}{(raw.Ok ? "" : $" ({raw.Describe()})")}, MailHa full run {Ms(Big.IntervalFullRunMs)} {Big.IntervalFullRunNote}");
                Steady.Add(await SteadyAsync(interval, "big store", cancellationToken));
            }

            var started = Stopwatch.StartNew();
            var continuous = MailHaUnderTest.Build(lab, Path.Combine(workDirectory, $"continuous-big-{Guid.NewGuid():N}.db"), continuous: true);
            await using (continuous)
            {
                await continuous.StartServicesAsync(cancellationToken);
                await Until(() => Task.FromResult(continuous.View?.Streaming == true), TimeSpan.FromMinutes(10), "the stream on the big store", cancellationToken);
                Big.WatcherStartMs = started.Elapsed.TotalMilliseconds;
                Big.WatcherRssKib = await WatcherRssAsync(continuous, cancellationToken);
                Big.WatchedDirectories = int.Parse((await lab.ExecAsync("mail1", $"find '{lab.StorePath}' -type d | wc -l", cancellationToken)).StdOut.Trim(), CultureInfo.InvariantCulture);
                var first = await Until(() => continuous.StreamStartRunAsync(cancellationToken), TimeSpan.FromMinutes(30), "the stream's first full run", cancellationToken);
                Big.StreamStartFullRunMs = (first.EndedAt - first.StartedAt).TotalMilliseconds;
                Console.WriteLine($"  big store, Continuous: watching {Big.WatchedDirectories} directories after {Ms(Big.WatcherStartMs)}, inotifywait RSS {Big.WatcherRssKib} KiB, its first full run {Ms(Big.StreamStartFullRunMs)}");
                Steady.Add(await SteadyAsync(continuous, "big store", cancellationToken));
                Big.Burst = await BurstAsync(continuous, roots["mail1"], cancellationToken);
            }
        }
        finally
        {
            foreach (var root in roots.Values)
            {
                var removed = await Proc.RunAsync("rm", ["-rf", "--one-file-system", root], TimeSpan.FromMinutes(10), CancellationToken.None);
                if (!removed.Ok)
                {
                    problems.Add($"continuous: could not remove {root}: {removed.Describe()}");
                }
            }
        }
    }

    /// <summary>The big store on both hosts: hard links of a store generated before the lab (<c>--continuous-store</c>), or generated now on mail1 and linked to mail2.</summary>
    private async Task<BigStoreResult> PlaceAsync(IReadOnlyDictionary<string, string> roots, CancellationToken cancellationToken)
    {
        string from;
        double? generateSeconds;
        int files;
        long bytes;
        int folders;
        string origin;
        var clock = Stopwatch.StartNew();
        if (settings.PregeneratedStore is { } pregenerated)
        {
            var manifest = Manifest.Read(pregenerated);
            (from, files, bytes, folders, generateSeconds) = (Manifest.StorePath(pregenerated), manifest.Files, manifest.Bytes, manifest.Folders, manifest.Seconds);
            origin = $"generated before the lab into {pregenerated}";
            foreach (var root in roots.Values)
            {
                await LinkAsync(from, root, cancellationToken);
            }
        }
        else
        {
            from = roots["mail1"];
            var (names, written) = StoreGenerator.Generate(from, settings.Folders, settings.FilesPerFolder);
            (files, bytes, folders, generateSeconds) = (names.Length, written, settings.Folders, clock.Elapsed.TotalSeconds);
            origin = "generated inside the lab";
            clock.Restart();
            await LinkAsync(from, roots["mail2"], cancellationToken);
        }

        return new BigStoreResult { Files = files, Bytes = bytes, Folders = folders, GenerateSeconds = generateSeconds, Origin = origin, PlaceSeconds = clock.Elapsed.TotalSeconds };
    }

    private static async Task LinkAsync(string from, string to, CancellationToken cancellationToken)
    {
        var linked = await Proc.RunAsync("cp", ["-al", from, to], TimeSpan.FromMinutes(20), cancellationToken);
        if (!linked.Ok)
        {
            throw new InvalidOperationException($"cp -al {from} {to}: {linked.Describe()}");
        }
    }

    /// <summary><see cref="ContinuousSettings.BurstFiles"/> new files, as fast as the bench writes them (paced to the burst's seconds at most), into new folders of the big store.</summary>
    private async Task<BurstResult> BurstAsync(MailHaUnderTest mailha, string root, CancellationToken cancellationToken)
    {
        var burstAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        const int PerFolder = 1000;
        var folders = (settings.BurstFiles + PerFolder - 1) / PerFolder;
        var written = 0;
        await Parallel.ForAsync(0, folders, new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = cancellationToken }, async (f, token) =>
        {
            var dir = Path.Combine(root, $"burst{f:0000}");
            Directory.CreateDirectory(dir);
            for (var i = 0; i < PerFolder && Interlocked.Increment(ref written) <= settings.BurstFiles; i++)
            {
                await File.WriteAllTextAsync(Path.Combine(dir, $"b{i:0000}.msg"), $"Subject: burst {f}.{i}\n\nburst\n", token);
            }

            // Paced: the burst is spread over its seconds at most, never slower than the bench can write.
            var due = TimeSpan.FromSeconds(settings.BurstSeconds * (f + 1) / folders) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, token);
            }
        });
        var writtenSeconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine($"  burst: {settings.BurstFiles} files written in {writtenSeconds:0.0} s");

        MirrorRun? fullRun = null;
        double? under5 = null;
        double? lagAfter = null;
        var note = "";
        var deadline = TimeSpan.FromMinutes(10);
        while (clock.Elapsed < deadline && under5 is null)
        {
            // The first full run the stream asked for after the burst began (the history is newest first).
            fullRun ??= (await mailha.RecentRunsAsync(cancellationToken)).LastOrDefault(r => r.StartedAt >= burstAt && r.Trigger.StartsWith(StreamSession.Trigger + ":", StringComparison.Ordinal));
            if (fullRun is not null && mailha.Lag is ({ } lag, { } at) && at > fullRun.EndedAt && lag < TimeSpan.FromSeconds(5))
            {
                under5 = (at - burstAt).TotalSeconds;
                lagAfter = lag.TotalMilliseconds;
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        if (under5 is null)
        {
            note = fullRun is null ? "no full run within 10 minutes" : "the lag was not back under 5 s within 10 minutes";
        }

        var result = new BurstResult(settings.BurstFiles, writtenSeconds, fullRun?.Trigger, fullRun is null ? null : (fullRun.StartedAt - burstAt).TotalSeconds,
            fullRun is null ? null : (fullRun.EndedAt - burstAt).TotalSeconds, under5, lagAfter, note);
        Console.WriteLine($"  burst: full run '{result.FullRunTrigger}' from {result.FullRunStartedS:0.0} s to {result.FullRunEndedS:0.0} s, lag under 5 s at {result.LagUnder5S:0.0} s {note}");
        return result;
    }

    private async Task<long?> WatcherRssAsync(MailHaUnderTest mailha, CancellationToken cancellationToken)
    {
        var source = mailha.Host.Services.GetRequiredService<MailTopology>().Node(new NodeName("mail1"));
        var find = WatchScript.Marker(mailha.Service.Mirror, source).FindProcesses(NodePlatform.Linux);
        var pid = (await lab.ExecAsync("mail1", find, cancellationToken)).StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (pid is null)
        {
            return null;
        }

        var line = (await File.ReadAllLinesAsync($"/proc/{pid}/status", cancellationToken)).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static async Task<T> Until<T>(Func<Task<T?>> probe, TimeSpan patience, string what, CancellationToken cancellationToken)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        throw new TimeoutException($"{what}: not within {patience.TotalMinutes:0} min");
    }

    private static async Task Until(Func<Task<bool>> probe, TimeSpan patience, string what, CancellationToken cancellationToken) =>
        await Until(async () => await probe() ? "" : null, patience, what, cancellationToken);

    private static string P(IReadOnlyList<double> values, double p) =>
        Distribution.Of(values) is { } d ? (p >= 0.99 ? d.P99 : d.Median).ToString("0", CultureInfo.InvariantCulture) : "—";

    private static string Ms(double? ms) => ms is { } v ? $"{v:0} ms" : "—";

    /// <summary>The store generated before the lab (<c>mailha-bench --generate-store DIR</c>): DIR/store and DIR/manifest (files bytes folders seconds).</summary>
    public static class Manifest
    {
        public static string StorePath(string directory) => Path.Combine(directory, "store");

        public static (int Files, long Bytes, int Folders, double Seconds) Read(string directory)
        {
            var parts = File.ReadAllText(Path.Combine(directory, "manifest")).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return (int.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture),
                double.Parse(parts[3], CultureInfo.InvariantCulture));
        }

        /// <summary>Generates the store into <paramref name="directory"/> (outside the lab: no lock needed) and writes its manifest.</summary>
        public static void Generate(string directory, int folders, int perFolder)
        {
            var clock = Stopwatch.StartNew();
            var (files, bytes) = StoreGenerator.Generate(StorePath(directory), folders, perFolder);
            var seconds = clock.Elapsed.TotalSeconds;
            File.WriteAllText(Path.Combine(directory, "manifest"), string.Create(CultureInfo.InvariantCulture, $"{files.Length} {bytes} {folders} {seconds:0.0}\n"));
            Console.WriteLine($"generated {files.Length} files ({bytes / 1e9:0.00} GB) in {folders} folders into {StorePath(directory)} in {seconds:0.0} s ({seconds * 100_000 / files.Length:0.0} s per 100,000)");
        }
    }

    /// <summary>MailHa for one part: the lab's configuration in one mode, its own journal; in Continuous its leadership, stream and heartbeat run, as on a leading <c>mailha serve</c>.</summary>
    private sealed class MailHaUnderTest : IAsyncDisposable
    {
        private readonly IHostedService[] _services;

        private MailHaUnderTest(IHost host, bool continuous)
        {
            Host = host;
            Continuous = continuous;
            Service = LabHost.Service(host);
            _services = continuous
                ? [host.Services.GetRequiredService<Leadership>(), host.Services.GetRequiredService<ContinuousMirror>(), host.Services.GetRequiredService<MirrorHeartbeat>()]
                : [];
        }

        public IHost Host { get; }

        public bool Continuous { get; }

        public string Mode => Continuous ? "Continuous" : "Interval";

        public ServiceDefinition Service { get; }

        public MirrorStreamView? View => Host.Services.GetRequiredService<MirrorStreams>().ViewOf(Service.Name);

        /// <summary>The last lag the heartbeat measured and when (Continuous only).</summary>
        public (TimeSpan? Lag, DateTimeOffset? At)? Lag => View is { LagMeasuredAt: { } at } view ? (view.Lag, at) : null;

        public static MailHaUnderTest Build(Lab lab, string databasePath, bool continuous)
        {
            var overrides = LabHost.Overrides(databasePath, "mail1");
            overrides["MailHa:Mirror:Mode"] = continuous ? "Continuous" : "Interval";
            // The heartbeat every second: its lag reads at most one interval high.
            overrides["MailHa:Mirror:HeartbeatInterval"] = "00:00:01";
            var host = LabHost.Build(lab, overrides, new SshCommandLog(), configure: continuous
                ? services =>
                {
                    services.AddSingleton<Leadership>();
                    services.AddSingleton<ContinuousMirror>();
                    services.AddSingleton<MirrorHeartbeat>();
                }
                : null);
            return new MailHaUnderTest(host, continuous);
        }

        /// <summary>Starts the stream (Continuous) and waits for its first full run; Interval has nothing running.</summary>
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await StartServicesAsync(cancellationToken);
            if (Continuous)
            {
                await Until(async () => View?.Streaming == true && await StreamStartRunAsync(cancellationToken) is not null, Patience, "the stream and its first full run", cancellationToken);
            }
        }

        public async Task StartServicesAsync(CancellationToken cancellationToken)
        {
            foreach (var service in _services)
            {
                await service.StartAsync(cancellationToken);
            }
        }

        public async Task<MirrorRun> RunAsync(string trigger, CancellationToken cancellationToken) =>
            await Host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(Service, trigger), cancellationToken);

        public Task<IReadOnlyList<MirrorRun>> RecentRunsAsync(CancellationToken cancellationToken) =>
            Host.Services.GetRequiredService<MirrorHistory>().RecentAsync(Service.Name, 1000, cancellationToken);

        public async Task<int> RunsAsync(CancellationToken cancellationToken) => (await RecentRunsAsync(cancellationToken)).Count;

        public Task<MirrorRun?> LastGoodRunAsync(CancellationToken cancellationToken) => Host.Services.GetRequiredService<MirrorHistory>().LastGoodAsync(Service.Name, cancellationToken);

        /// <summary>The good full run the stream began with, once recorded.</summary>
        public async Task<MirrorRun?> StreamStartRunAsync(CancellationToken cancellationToken) =>
            (await RecentRunsAsync(cancellationToken)).FirstOrDefault(r => r.IsGood && r.Trigger == $"{StreamSession.Trigger}: stream started");

        public async ValueTask DisposeAsync()
        {
            foreach (var service in _services.Reverse())
            {
                await service.StopAsync(CancellationToken.None);
            }

            Host.Dispose();
        }
    }
}
