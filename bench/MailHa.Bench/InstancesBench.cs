using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Operations.Jobs;
using MailHa.TestSupport.Serve;
using Npgsql;

namespace MailHa.Bench;

/// <summary>Where a switchover's approval landed: on the instance the request was made on, or on the other one.</summary>
internal enum ApprovalSide
{
    OtherInstance,
    SameInstance,
}

/// <summary>How the leading instance went away.</summary>
internal enum TakeoverCase
{
    /// <summary>SIGKILL, each instance on its own host (UTS namespace): only the lease's expiry tells.</summary>
    Killed,

    /// <summary>SIGTERM, two hosts: a clean stop releases the leader lease at shutdown.</summary>
    Stopped,

    /// <summary>SIGKILL, both instances on one host: the survivor sees the holder's process is gone.</summary>
    KilledSameHost,

    /// <summary>SIGKILL of whichever instance runs the scheduled mirror, while it runs (two hosts): what it held stays held.</summary>
    KilledMidMirror,
}

/// <summary>
/// One approved switchover: requested on instance a, approved on a or b. Times from the approval (just before its
/// <c>POST console/api/action</c>): <see cref="VipMs"/> the VIP's banner first naming the target, <see cref="DoneMs"/> the
/// operation's end in the journal.
/// </summary>
internal sealed record ApprovalRun(int Index, ApprovalSide Side, string Source, string Target, double? VipMs, double? DoneMs, ApprovalState? State, string Note);

/// <summary>
/// One loss of the leading instance. Times from the signal: the lost leader's lease would expire
/// (<see cref="ExpiresMs"/>, its <c>expires_at</c> read just before the signal), the survivor holds the leader lease (its
/// <c>acquired_at</c>), its health watch completes (its <c>/metrics</c> gauge), the first scheduled mirror run starts
/// (<c>mirror_runs</c>, trigger <c>schedule</c>); <see cref="MirrorSlotMs"/> is that run's cron slot (negative: a slot
/// before the signal, run late).
/// </summary>
internal sealed record TakeoverRun(
    int Index, TakeoverCase Case, string Gone, string Survivor, double? ExpiresMs, double? LeaderMs, double? WatchMs, double? MirrorMs, double? MirrorSlotMs, string? MirrorOutcome, string Note)
{
    /// <summary>From the run's cron slot to its start.</summary>
    public double? MirrorLateMs => MirrorMs - MirrorSlotMs;
}

/// <summary>
/// Measurement 7 (issue #11): two <c>mailha serve</c> processes on one PostgreSQL (<see cref="BenchPostgres"/>), each in
/// its own UTS namespace with its own host name, as two hosts. First, switchovers requested on a and approved on b,
/// against approved on a (same store, alternating), timed from the approval to the VIP answering from the target.
/// Then the leader is lost: SIGKILL (two hosts), against SIGTERM (two hosts) and SIGKILL with both on one host, timed
/// from the signal to the survivor's leader lease, its health watch and the next scheduled mirror. The health watch
/// and the mirror run every minute here (<c>* * * * *</c>); <c>LeaseDuration</c> stays at its default, 30 s. Each
/// loss happens at a random second of the minute; the lost instance is started again afterwards, and leads nothing
/// until the next run takes the leader away. Optionally (<c>--mid-mirror-runs</c>), the instance running a scheduled
/// mirror is killed mid-run, to show what it leaves held.
/// </summary>
internal sealed class InstancesBench(Lab lab, string workDirectory, int approvalRuns, int killRuns, int baselineRuns, int midMirrorRuns)
{
    public const string EveryMinute = "* * * * *";

    private const string HealthGauge = "mailha_health_watch_last_run_timestamp_seconds";

    private static readonly TimeSpan VipPatience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan DonePatience = TimeSpan.FromMinutes(2);

    // Lease expiry (≤ 30 s) + a renewal tick (≤ 10 s) + the next minute for the health watch, with room to spare.
    private static readonly TimeSpan TakeoverPatience = TimeSpan.FromSeconds(150);

    // The next scheduled mirror: the next minute plus Hangfire's queue polling (15 s), with room to spare.
    private static readonly TimeSpan MirrorStartPatience = TimeSpan.FromSeconds(120);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public List<ApprovalRun> Approvals { get; } = [];

    public List<TakeoverRun> Takeovers { get; } = [];

    public async Task RunAsync(List<string> problems, CancellationToken cancellationToken)
    {
        await using var postgres = await BenchPostgres.StartAsync(lab, Path.Combine(workDirectory, "postgres"), cancellationToken);
        if (approvalRuns > 0)
        {
            await StageAsync("approvals", problems, () => ApprovalsAsync(postgres, cancellationToken), cancellationToken);
        }

        await StageAsync("takeover (two hosts)", problems, () => TakeoversAsync(postgres, "takeover", twoHosts: true, FailoverBench.Schedule(killRuns, baselineRuns)
            .Select(t => t == "mailha" ? TakeoverCase.Killed : TakeoverCase.Stopped).ToList(), cancellationToken), cancellationToken);
        await StageAsync("takeover (mid-mirror)", problems, () => TakeoversAsync(postgres, "midmirror", twoHosts: true,
            [.. Enumerable.Repeat(TakeoverCase.KilledMidMirror, midMirrorRuns)], cancellationToken), cancellationToken);
        await StageAsync("takeover (one host)", problems, () => TakeoversAsync(postgres, "samehost", twoHosts: false,
            [.. Enumerable.Repeat(TakeoverCase.KilledSameHost, baselineRuns)], cancellationToken), cancellationToken);
    }

    private static async Task StageAsync(string name, List<string> problems, Func<Task> part, CancellationToken cancellationToken)
    {
        try
        {
            await part();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            problems.Add($"instances, {name}: stopped early: {e.GetType().Name}: {e.Message}");
            Console.Error.WriteLine($"instances, {name} failed: {e}");
        }
    }

    private async Task ApprovalsAsync(BenchPostgres postgres, CancellationToken cancellationToken)
    {
        await lab.NormalizeAsync("mail1", cancellationToken);
        var (connectionString, secret) = await postgres.CreateDatabaseAsync("bench_approvals", cancellationToken);
        var settings = Settings(secret);
        settings["MailHa:Mirror:ScheduleEnabled"] = "false";
        settings["MailHa:Alerts:HealthCron"] = "0 0 1 1 *";
        settings["MailHa:Alerts:WatchInterval"] = "1.00:00:00";
        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var a = await ServeProcess.StartAsync(lab.Verbs, "a", "mailha-a", ServeProcess.FreePort(), settings, Path.Combine(workDirectory, "approvals-a.log"), cancellationToken);
        await using var b = await ServeProcess.StartAsync(lab.Verbs, "b", "mailha-b", ServeProcess.FreePort(), settings, Path.Combine(workDirectory, "approvals-b.log"), cancellationToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };

        // As two long-running instances would be: both have answered a status (SSH connections open) and run an operation once.
        foreach (var instance in new[] { a, b })
        {
            await PostAsync(http, instance, "console/api/command", new { @as = "carol", text = "/mail status" }, cancellationToken);
        }

        foreach (var (side, k) in new[] { (ApprovalSide.SameInstance, -2), (ApprovalSide.OtherInstance, -1) })
        {
            var warm = await ApproveAsync(k, side, a, side == ApprovalSide.SameInstance ? a : b, db, http, cancellationToken);
            Console.WriteLine($"  approval warm-up ({side}): {warm.State}, VIP at {S(warm.VipMs)}");
        }

        var schedule = FailoverBench.Schedule(approvalRuns, approvalRuns);
        for (var k = 0; k < schedule.Count; k++)
        {
            var side = schedule[k] == "mailha" ? ApprovalSide.OtherInstance : ApprovalSide.SameInstance;
            ApprovalRun run;
            try
            {
                run = await ApproveAsync(k, side, a, side == ApprovalSide.OtherInstance ? b : a, db, http, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                run = new ApprovalRun(k, side, "?", "?", null, null, null, e.Message);
            }

            Approvals.Add(run);
            Console.WriteLine($"  approval #{k:00} {side,-13} {run.Source}→{run.Target}: {run.State?.ToString() ?? "Error"}, VIP at {S(run.VipMs)}, done at {S(run.DoneMs)}"
                + (run.Note.Length > 0 ? $" ({run.Note})" : ""));
        }
    }

    /// <summary>alice asks a for a switchover; bob approves the card's request on <paramref name="approver"/>.</summary>
    private async Task<ApprovalRun> ApproveAsync(
        int k, ApprovalSide side, ServeProcess requester, ServeProcess approver, NpgsqlDataSource db, HttpClient http, CancellationToken cancellationToken)
    {
        var source = await lab.HolderAsync(cancellationToken) ?? throw new InvalidOperationException("the VIP is not on exactly one node");
        var target = Lab.Peer(source);
        var known = (await CardsAsync(http, requester, cancellationToken)).Select(c => c.RequestId).ToHashSet(StringComparer.Ordinal);
        await PostAsync(http, requester, "console/api/command", new { @as = "alice", text = "/mail switchover" }, cancellationToken);
        var card = await Eventually(async () => (await CardsAsync(http, requester, cancellationToken)).Where(c => !known.Contains(c.RequestId)).Select(c => (Card?)c).FirstOrDefault(),
            TimeSpan.FromSeconds(30), "the approval card", cancellationToken);

        var approvedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var watch = VipWatch.WaitForAsync(lab.Vip, target, source, clock, VipPatience, cancellationToken);
        await PostAsync(http, approver, "console/api/action", new { @as = "bob", action = JsonNode.Parse(new CardAction.Approve(card.RequestId).Encode()), messageId = card.EntryId }, cancellationToken);
        var vip = await watch;
        var state = await Eventually(
            async () => await ApprovalStateAsync(db, card.RequestId, cancellationToken) is { } s and not (ApprovalState.Pending or ApprovalState.Approved) ? s : (ApprovalState?)null,
            DonePatience, "the operation's end", cancellationToken);
        var ended = await ScalarAsync<long?>(db, "SELECT max(ended_at) FROM operations WHERE started_at >= @since", approvedAt.ToUnixTimeMilliseconds(), cancellationToken);
        return new ApprovalRun(k, side, source, target, vip.Target?.TotalMilliseconds, ended - approvedAt.ToUnixTimeMilliseconds(), state,
            state == ApprovalState.Succeeded && vip.Target is not null ? "" : $"VIP {(vip.Target is null ? "never answered from " + target : "moved")}");
    }

    private async Task TakeoversAsync(BenchPostgres postgres, string name, bool twoHosts, List<TakeoverCase> schedule, CancellationToken cancellationToken)
    {
        if (schedule.Count == 0)
        {
            return;
        }

        await lab.NormalizeAsync("mail1", cancellationToken);
        var (connectionString, secret) = await postgres.CreateDatabaseAsync($"bench_{name}", cancellationToken);
        var settings = Settings(secret);
        settings["MailHa:Mirror:ScheduleEnabled"] = "true";
        settings["MailHa:Mirror:Cron"] = EveryMinute;
        settings["MailHa:Alerts:HealthCron"] = EveryMinute;
        await using var db = NpgsqlDataSource.Create(connectionString);
        var instances = new ServeProcess?[2];
        var starts = new int[2];
        Task<ServeProcess> StartAsync(int i) => ServeProcess.StartAsync(lab.Verbs, i == 0 ? "a" : "b", twoHosts ? (i == 0 ? "mailha-a" : "mailha-b") : null,
            instances[i]?.Port ?? ServeProcess.FreePort(), settings, Path.Combine(workDirectory, $"{name}-{(i == 0 ? "a" : "b")}-{starts[i]++}.log"), cancellationToken);
        try
        {
            instances[0] = await StartAsync(0);
            instances[1] = await StartAsync(1);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var random = new Random(1111 + schedule.Count + (twoHosts ? 0 : 100));
            for (var k = 0; k < schedule.Count; k++)
            {
                var leader = await Eventually(async () => await LeaderAsync(db, instances!, cancellationToken), TimeSpan.FromSeconds(60), "a leader", cancellationToken);
                var lost = schedule[k] == TakeoverCase.KilledMidMirror
                    ? await Eventually(async () => await MirroringAsync(db, instances!, cancellationToken), MirrorStartPatience, "a scheduled mirror run", cancellationToken)
                    : leader;
                var gone = instances[lost]!;
                var survivor = instances[1 - lost]!;
                TakeoverRun run;
                try
                {
                    run = await TakeoverAsync(k, schedule[k], gone, survivor, db, http, random, cancellationToken);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    run = new TakeoverRun(k, schedule[k], gone.Name, survivor.Name, null, null, null, null, null, null, e.Message);
                }

                Takeovers.Add(run);
                Console.WriteLine($"  takeover #{k:00} {run.Case,-14} {run.Gone} gone, lease would expire at {S(run.ExpiresMs)}, {run.Survivor} leads at {S(run.LeaderMs)}, health watch at {S(run.WatchMs)}, "
                    + $"scheduled mirror at {S(run.MirrorMs)} (slot {S(run.MirrorSlotMs)}, {S(run.MirrorLateMs)} after it, {run.MirrorOutcome ?? "none"})" + (run.Note.Length > 0 ? $" ({run.Note})" : ""));

                // The lost instance comes back as the standby.
                await gone.DisposeAsync();
                instances[lost] = await StartAsync(lost);
            }
        }
        finally
        {
            foreach (var instance in instances)
            {
                if (instance is not null)
                {
                    await instance.DisposeAsync();
                }
            }
        }
    }

    private static async Task<TakeoverRun> TakeoverAsync(
        int k, TakeoverCase kind, ServeProcess gone, ServeProcess survivor, NpgsqlDataSource db, HttpClient http, Random random, CancellationToken cancellationToken)
    {
        // At a random second of the minute: the cron's phase decides the health watch's and the mirror's wait. Mid-mirror: now.
        var phase = TimeSpan.FromSeconds(random.NextDouble() * 60);
        var now = DateTimeOffset.UtcNow;
        if (kind != TakeoverCase.KilledMidMirror)
        {
            await Task.Delay(TimeSpan.FromTicks((phase - TimeSpan.FromTicks(now.Ticks % TimeSpan.TicksPerMinute) + TimeSpan.FromMinutes(1)).Ticks % TimeSpan.TicksPerMinute), cancellationToken);
        }

        var held = await LeaseAsync(db, cancellationToken);
        var atMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Task stopping;
        if (kind == TakeoverCase.Stopped)
        {
            stopping = gone.TerminateAsync(TimeSpan.FromSeconds(60), cancellationToken);
        }
        else
        {
            gone.Kill();
            stopping = gone.WaitForExitAsync(cancellationToken);
        }

        double? leaderMs = null, watchMs = null, mirrorMs = null, mirrorSlotMs = null;
        string? mirrorOutcome = null;
        var alreadyLed = held is not null && Holds(held.Holder, survivor);
        var clock = Stopwatch.StartNew();
        var nextScrape = TimeSpan.Zero;
        while (clock.Elapsed < TakeoverPatience && ((leaderMs is null && !alreadyLed) || watchMs is null || mirrorMs is null))
        {
            if (survivor.HasExited)
            {
                throw new InvalidOperationException($"the survivor ({survivor.Name}) exited: {survivor.LogTail()}");
            }

            if (leaderMs is null && await LeaseAsync(db, cancellationToken) is { } lease && Holds(lease.Holder, survivor) && lease.AcquiredAt >= atMs)
            {
                leaderMs = lease.AcquiredAt - atMs;
            }

            if (mirrorMs is null && await FirstScheduledMirrorAsync(db, atMs, cancellationToken) is { } mirror)
            {
                var slot = MirrorJob.Slot(EveryMinute, DateTimeOffset.FromUnixTimeMilliseconds(mirror.StartedAt));
                (mirrorMs, mirrorSlotMs, mirrorOutcome) = (mirror.StartedAt - atMs, slot.ToUnixTimeMilliseconds() - atMs, mirror.Outcome);
            }

            if (watchMs is null && clock.Elapsed >= nextScrape)
            {
                nextScrape = clock.Elapsed + TimeSpan.FromSeconds(1);
                if (await HealthWatchCompletedAsync(http, survivor, cancellationToken) is { } completed && completed > atMs)
                {
                    watchMs = completed - atMs;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken);
        }

        await stopping;
        var notes = new List<string>();
        var missing = new[] { ("leader lease", alreadyLed ? 0 : leaderMs), ("health watch", watchMs), ("scheduled mirror", mirrorMs) }.Where(m => m.Item2 is null).Select(m => m.Item1).ToList();
        if (alreadyLed)
        {
            notes.Add($"{survivor.Name} already led");
        }

        if (missing.Count > 0)
        {
            notes.Add($"no {string.Join(", ", missing)} by {survivor.Name} within {TakeoverPatience.TotalSeconds:0} s");
        }

        if (mirrorMs is null || kind == TakeoverCase.KilledMidMirror)
        {
            notes.Add(await HangfireStateAsync(db, atMs, cancellationToken));
        }

        return new TakeoverRun(k, kind, gone.Name, survivor.Name, held is not null && Holds(held.Holder, gone) ? held.ExpiresAt - atMs : null, leaderMs, watchMs, mirrorMs, mirrorSlotMs, mirrorOutcome,
            string.Join("; ", notes));
    }

    /// <summary>The journal configuration every instance shares, with the session's timeouts.</summary>
    private static Dictionary<string, string> Settings(string secretFile)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MailHa:Storage:Provider"] = "PostgreSql",
            ["MailHa:Storage:ConnectionString"] = $"file:{secretFile}",
        };
        foreach (var (key, value) in LabHost.Timeouts)
        {
            settings[key] = value ?? "";
        }

        return settings;
    }

    /// <summary>Which of the two holds the leader lease (its holder id starts with the instance's machine name and PID).</summary>
    private static async Task<int?> LeaderAsync(NpgsqlDataSource db, ServeProcess?[] instances, CancellationToken cancellationToken)
    {
        var lease = await LeaseAsync(db, cancellationToken);
        for (var i = 0; i < instances.Length; i++)
        {
            if (lease is not null && instances[i] is { } instance && Holds(lease.Holder, instance))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Which of the two runs a mirror now (it holds the journal's operation lease for a mirror).</summary>
    private static async Task<int?> MirroringAsync(NpgsqlDataSource db, ServeProcess?[] instances, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT process FROM operation_leases WHERE kind = 'mirror' AND expires_at > @now LIMIT 1");
        command.Parameters.AddWithValue("now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        if (await command.ExecuteScalarAsync(cancellationToken) is not string process)
        {
            return null;
        }

        for (var i = 0; i < instances.Length; i++)
        {
            if (instances[i] is { } instance && Holds(process, instance))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>What Hangfire's tables say since the signal: lock rows still held, mirror jobs that failed.</summary>
    private static async Task<string> HangfireStateAsync(NpgsqlDataSource db, long sinceMs, CancellationToken cancellationToken)
    {
        var since = DateTimeOffset.FromUnixTimeMilliseconds(sinceMs).UtcDateTime;
        var locks = new List<string>();
        await using (var command = db.CreateCommand("SELECT resource, acquired FROM hangfire.lock ORDER BY acquired"))
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var acquired = reader.IsDBNull(1) ? (DateTime?)null : DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc);
                locks.Add($"{reader.GetString(0)} (acquired {(acquired is { } a ? S((a - since).TotalMilliseconds) + " from the signal" : "?")})");
            }
        }

        await using var failed = db.CreateCommand("SELECT count(*) FROM hangfire.job WHERE statename = 'Failed' AND createdat >= @since");
        failed.Parameters.AddWithValue("since", since);
        var failedJobs = (long)(await failed.ExecuteScalarAsync(cancellationToken))!;
        return $"Hangfire lock rows now: {(locks.Count == 0 ? "none" : string.Join(", ", locks))}; jobs failed since the signal: {failedJobs}";
    }

    private static bool Holds(string holder, ServeProcess instance) =>
        holder.StartsWith($"{instance.HostName ?? Environment.MachineName}:{instance.Pid.ToString(CultureInfo.InvariantCulture)}:", StringComparison.Ordinal);

    private sealed record Lease(string Holder, long AcquiredAt, long ExpiresAt);

    private sealed record MirrorStart(long StartedAt, string Outcome);

    private readonly record struct Card(string EntryId, string RequestId);

    private static async Task<Lease?> LeaseAsync(NpgsqlDataSource db, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT holder, acquired_at, expires_at FROM leases WHERE name = @name");
        command.Parameters.AddWithValue("name", Leadership.LeaseName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new Lease(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2)) : null;
    }

    private static async Task<MirrorStart?> FirstScheduledMirrorAsync(NpgsqlDataSource db, long sinceMs, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT started_at, outcome FROM mirror_runs WHERE trigger = 'schedule' AND started_at >= @since ORDER BY started_at LIMIT 1");
        command.Parameters.AddWithValue("since", sinceMs);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? new MirrorStart(reader.GetInt64(0), reader.GetString(1)) : null;
    }

    private static async Task<ApprovalState?> ApprovalStateAsync(NpgsqlDataSource db, string requestId, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand("SELECT state FROM approvals WHERE id = @id");
        command.Parameters.AddWithValue("id", requestId);
        return await command.ExecuteScalarAsync(cancellationToken) is string state ? Enum.Parse<ApprovalState>(state) : null;
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlDataSource db, string sql, long since, CancellationToken cancellationToken)
    {
        await using var command = db.CreateCommand(sql);
        command.Parameters.AddWithValue("since", since);
        return await command.ExecuteScalarAsync(cancellationToken) is T value ? value : default;
    }

    /// <summary>When the instance's health watch last completed (its <c>/metrics</c> gauge, Unix ms), or null before its first.</summary>
    private static async Task<double?> HealthWatchCompletedAsync(HttpClient http, ServeProcess instance, CancellationToken cancellationToken)
    {
        try
        {
            var text = await http.GetStringAsync(new Uri(instance.BaseAddress, "metrics"), cancellationToken);
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(HealthGauge + " ", StringComparison.Ordinal));
            return line is null ? null : double.Parse(line[(HealthGauge.Length + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture) * 1000;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The approval cards in an instance's console feed, newest first.</summary>
    private static async Task<List<Card>> CardsAsync(HttpClient http, ServeProcess instance, CancellationToken cancellationToken)
    {
        using var feed = JsonDocument.Parse(await http.GetStringAsync(new Uri(instance.BaseAddress, "console/api/feed"), cancellationToken));
        var cards = new List<Card>();
        foreach (var entry in feed.RootElement.GetProperty("entries").EnumerateArray())
        {
            foreach (var action in entry.GetProperty("message").GetProperty("actions").EnumerateArray())
            {
                if (CardAction.Decode(action.GetProperty("action")) is CardAction.Approve approve)
                {
                    cards.Add(new Card(entry.GetProperty("id").GetString()!, approve.RequestId));
                }
            }
        }

        cards.Reverse();
        return cards;
    }

    private static async Task PostAsync<T>(HttpClient http, ServeProcess instance, string path, T body, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(new Uri(instance.BaseAddress, path), body, Json, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Polls <paramref name="probe"/> every 100 ms until it gives a value; a hang guard, never an assertion.</summary>
    private static async Task<T> Eventually<T>(Func<Task<T?>> probe, TimeSpan patience, string what, CancellationToken cancellationToken)
        where T : struct
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < patience)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        throw new TimeoutException($"{what}: not within {patience.TotalSeconds:0} s");
    }

    private static string S(double? ms) => ms is { } v ? $"{v / 1000:0.00} s" : "—";
}
