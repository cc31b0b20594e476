using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Operations.Jobs;
using MailHa.Operations.Topology;
using MailHa.TestSupport.Serve;
using Npgsql;

namespace MailHa.Bench.Soak;

/// <summary>A button in an instance's console feed: the entry it is on and its action.</summary>
internal sealed record FeedButton(string EntryId, CardAction Action);

/// <summary>
/// What the soak runs MailHa on: one PostgreSQL (<see cref="BenchPostgres"/>), two <c>mailha serve</c> instances (a, b) on
/// it, each on its own host name, with the console (demo mode, the lab's) and Slack (HTTP mode, against
/// <see cref="SlackStandIn"/>; alice and bob have Slack identities) channels; the mirror and the health watch every
/// minute, an active node down after 20 s. Every instance's log is kept (one file per start), single-line with UTC times.
/// </summary>
internal sealed class SoakCluster : IAsyncDisposable
{
    public static readonly TimeSpan DownAfter = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(30);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lab _lab;
    private readonly string _work;
    private readonly ServeProcess?[] _instances = new ServeProcess?[2];
    private readonly int[] _starts = new int[2];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private BenchPostgres? _postgres;
    private SlackStandIn? _slack;
    private Dictionary<string, string> _settings = [];
    private int _hooks;

    private SoakCluster(Lab lab, string work)
    {
        _lab = lab;
        _work = work;
    }

    public NpgsqlDataSource Db { get; private set; } = null!;

    public string ConnectionSecret { get; private set; } = "";

    /// <summary>Every log any instance wrote (a new file per start).</summary>
    public List<string> Logs { get; } = [];

    /// <summary>After warm-up per process (PID): bytes alive after an induced full collection (judged) and RSS (KiB, reported).</summary>
    public Dictionary<int, (long Live, long Kib)> WarmMemory { get; } = [];

    public IReadOnlyList<ServeProcess?> Instances => _instances;

    public static async Task<SoakCluster> StartAsync(Lab lab, string work, CancellationToken cancellationToken)
    {
        var cluster = new SoakCluster(lab, work);
        try
        {
            cluster._postgres = await BenchPostgres.StartAsync(lab, Path.Combine(work, "postgres"), cancellationToken);
            var (connectionString, secret) = await cluster._postgres.CreateDatabaseAsync("soak", cancellationToken);
            cluster.Db = NpgsqlDataSource.Create(connectionString);
            cluster.ConnectionSecret = secret;
            cluster._slack = await SlackStandIn.StartAsync((_, _) => Interlocked.Increment(ref cluster._hooks), cancellationToken);
            cluster._settings = await cluster.SettingsAsync(cancellationToken);
            await cluster.StartInstanceAsync(0, cancellationToken);
            await cluster.StartInstanceAsync(1, cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public static string Name(int instance) => instance == 0 ? "a" : "b";

    /// <summary>A living instance: <paramref name="preferred"/> when it runs, else the other.</summary>
    public int Alive(int preferred) => _instances[preferred] is { HasExited: false } ? preferred : 1 - preferred;

    public async Task StartInstanceAsync(int i, CancellationToken cancellationToken)
    {
        var log = Path.Combine(_work, $"serve-{Name(i)}-{_starts[i]++}.log");
        Logs.Add(log);
        _instances[i] = await ServeProcess.StartAsync(_lab.Verbs, Name(i), $"mailha-{Name(i)}", ServeProcess.FreePort(), _settings, log, cancellationToken);
    }

    /// <summary>SIGKILL of instance <paramref name="i"/>, by its PID.</summary>
    public async Task KillAsync(int i)
    {
        if (_instances[i] is { } instance)
        {
            instance.Kill();
            await instance.WaitForExitAsync(CancellationToken.None);
            await instance.DisposeAsync();
            _instances[i] = null;
        }
    }

    public async Task RestartPostgresAsync(TimeSpan down, CancellationToken cancellationToken)
    {
        await _postgres!.RestartAsync(down, cancellationToken);
        Db.Clear(); // the soak's own idle connections died with the server: the next episode must not meet them (57P01)
    }

    /// <summary>Which instance holds the leader lease now, if a running one does.</summary>
    public async Task<int?> LeaderAsync(CancellationToken cancellationToken)
    {
        await using var command = Db.CreateCommand("SELECT holder FROM leases WHERE name = @name AND expires_at > @now");
        command.Parameters.AddWithValue("name", Leadership.LeaseName);
        command.Parameters.AddWithValue("now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return await command.ExecuteScalarAsync(cancellationToken) is string holder ? Holding(holder) : null;
    }

    /// <summary>The instance holding an operation lease (running a switchover, failover or failback), if any.</summary>
    public async Task<int?> OperatorAsync(CancellationToken cancellationToken)
    {
        await using var command = Db.CreateCommand("SELECT process FROM operation_leases WHERE kind <> 'mirror' AND expires_at > @now ORDER BY since DESC LIMIT 1");
        command.Parameters.AddWithValue("now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        return await command.ExecuteScalarAsync(cancellationToken) is string process ? Holding(process) : null;
    }

    /// <summary>Types a line in instance <paramref name="i"/>'s console as <paramref name="person"/>.</summary>
    public Task CommandAsync(int i, string person, string text, CancellationToken cancellationToken) =>
        PostAsync(i, "console/api/command", new { @as = person, text }, cancellationToken);

    /// <summary>Presses a button in instance <paramref name="i"/>'s console as <paramref name="person"/>.</summary>
    public Task PressAsync(int i, string person, FeedButton button, CancellationToken cancellationToken) =>
        PostAsync(i, "console/api/action", new { @as = person, action = JsonNode.Parse(button.Action.Encode()), messageId = button.EntryId }, cancellationToken);

    /// <summary>A signed <c>/mail</c> slash command from <paramref name="person"/> to instance <paramref name="i"/>.</summary>
    public async Task SlashAsync(int i, string person, string text, CancellationToken cancellationToken)
    {
        using var request = _slack!.SlashCommand(SlackUser(person), text, $"soak{Interlocked.Increment(ref _hooks)}");
        request.RequestUri = new Uri(Instance(i).BaseAddress, "slack/commands");
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>The buttons in instance <paramref name="i"/>'s console feed, newest first.</summary>
    public async Task<List<FeedButton>> ButtonsAsync(int i, CancellationToken cancellationToken)
    {
        using var feed = JsonDocument.Parse(await _http.GetStringAsync(new Uri(Instance(i).BaseAddress, "console/api/feed"), cancellationToken));
        var buttons = new List<FeedButton>();
        foreach (var entry in feed.RootElement.GetProperty("entries").EnumerateArray())
        {
            foreach (var action in entry.GetProperty("message").GetProperty("actions").EnumerateArray())
            {
                if (CardAction.Decode(action.GetProperty("action")) is { } decoded)
                {
                    buttons.Add(new FeedButton(entry.GetProperty("id").GetString()!, decoded));
                }
            }
        }

        buttons.Reverse();
        return buttons;
    }

    /// <summary>Requests created since <paramref name="sinceMs"/> (Unix ms), oldest first: id and state.</summary>
    public async Task<List<(string Id, ApprovalState State)>> ApprovalsSinceAsync(long sinceMs, CancellationToken cancellationToken)
    {
        await using var command = Db.CreateCommand("SELECT id, state FROM approvals WHERE created_at >= @since ORDER BY created_at");
        command.Parameters.AddWithValue("since", sinceMs);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var found = new List<(string, ApprovalState)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add((reader.GetString(0), Enum.Parse<ApprovalState>(reader.GetString(1))));
        }

        return found;
    }

    /// <summary>
    /// What the audit holds about <paramref name="requestId"/> and what <paramref name="actors"/> were told since
    /// <paramref name="sinceMs"/>, one line each ("12:01:02.345 bob approve refused: …"): the evidence a request that
    /// never ended leaves behind, kept in the soak's timeline because its journal is gone after the run.
    /// </summary>
    public async Task<List<string>> TrailAsync(string requestId, IReadOnlyList<string> actors, long sinceMs, CancellationToken cancellationToken)
    {
        await using var command = Db.CreateCommand(
            "SELECT at, actor, action, outcome, detail FROM audit WHERE at >= @since AND (subject = @id OR actor = ANY(@actors)) ORDER BY seq LIMIT 20");
        command.Parameters.AddWithValue("since", sinceMs);
        command.Parameters.AddWithValue("id", requestId);
        command.Parameters.AddWithValue("actors", actors.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lines = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var at = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)).ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
            var detail = reader.GetString(4);
            lines.Add($"{at} {reader.GetString(1)} {reader.GetString(2)} {reader.GetString(3)}: {(detail.Length > 160 ? detail[..160] + "…" : detail)}");
        }

        return lines;
    }

    /// <summary>Whether <paramref name="actor"/> had a command refused since <paramref name="sinceMs"/> (Unix ms): the audit's refusal, written before anything changed.</summary>
    public async Task<bool> RefusedSinceAsync(string actor, long sinceMs, CancellationToken cancellationToken)
    {
        await using var command = Db.CreateCommand("SELECT count(*) FROM audit WHERE actor = @actor AND outcome = 'refused' AND at >= @since");
        command.Parameters.AddWithValue("actor", actor);
        command.Parameters.AddWithValue("since", sinceMs);
        return await command.ExecuteScalarAsync(cancellationToken) is long n && n > 0;
    }

    /// <summary>Whether <paramref name="service"/>'s recurring mirror is paused now: every move pauses it until a person resumes it (the runbook's step).</summary>
    public async Task<bool> MirrorPausedAsync(ServiceName service, CancellationToken cancellationToken)
    {
        await using var command = Db.CreateCommand("SELECT mirror_paused FROM service_roles WHERE service = @service ORDER BY changed_at DESC, generation DESC LIMIT 1");
        command.Parameters.AddWithValue("service", service.Value);
        return await command.ExecuteScalarAsync(cancellationToken) is { } paused && Convert.ToInt64(paused, CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>The unfinished operation in the journal (id), if any.</summary>
    public async Task<string?> UnfinishedOperationAsync(CancellationToken cancellationToken)
    {
        await using var command = Db.CreateCommand("SELECT id FROM operations WHERE ended_at IS NULL ORDER BY started_at DESC LIMIT 1");
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>The last good mirror run's start (Unix ms) of <paramref name="service"/> from <paramref name="source"/> before <paramref name="beforeMs"/>.</summary>
    public async Task<long?> LastGoodMirrorAsync(ServiceName service, string source, long beforeMs, CancellationToken cancellationToken)
    {
        await using var command = Db.CreateCommand("SELECT max(started_at) FROM mirror_runs WHERE service = @service AND source = @source AND outcome IN ('Succeeded', 'Warning') AND ended_at <= @before");
        command.Parameters.AddWithValue("service", service.Value);
        command.Parameters.AddWithValue("source", source);
        command.Parameters.AddWithValue("before", beforeMs);
        return await command.ExecuteScalarAsync(cancellationToken) is long started ? started : null;
    }

    /// <summary>Mirror runs of <paramref name="service"/> that started since <paramref name="sinceMs"/>: target, verdict and typed detail.</summary>
    public async Task<List<(string Target, string Outcome, string Detail)>> MirrorRunsSinceAsync(ServiceName service, long sinceMs, CancellationToken cancellationToken)
    {
        await using var command = Db.CreateCommand("SELECT target, outcome, coalesce(outcome_detail, '') FROM mirror_runs WHERE service = @service AND started_at >= @since ORDER BY started_at");
        command.Parameters.AddWithValue("service", service.Value);
        command.Parameters.AddWithValue("since", sinceMs);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<(string, string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return runs;
    }

    /// <summary>
    /// Samples each instance's memory once it has run <paramref name="warmUp"/>, as its after-warm-up memory (first sample
    /// per process wins): what an induced full collection finds alive (<see cref="LiveHeap"/>) and its RSS.
    /// </summary>
    public async Task SampleWarmMemoryAsync(TimeSpan warmUp, CancellationToken cancellationToken)
    {
        foreach (var instance in _instances)
        {
            if (instance is { HasExited: false } && !WarmMemory.ContainsKey(instance.Pid) && DateTime.UtcNow - instance.StartedAt >= warmUp
                && await LiveHeap.AfterFullCollectionAsync(instance, cancellationToken) is { } live && instance.ResidentKib() is { } kib)
            {
                WarmMemory.TryAdd(instance.Pid, (live, kib));
            }
        }
    }

    /// <summary>The environment an instance runs with: the shared journal, Slack, short watch times (see the class summary).</summary>
    public IReadOnlyDictionary<string, string> Environment(int i) => _settings.ToDictionary(e => e.Key.Replace(":", "__", StringComparison.Ordinal), e => e.Value);

    public async ValueTask DisposeAsync()
    {
        for (var i = 0; i < _instances.Length; i++)
        {
            if (_instances[i] is { } instance)
            {
                await instance.DisposeAsync();
                _instances[i] = null;
            }
        }

        if (_slack is not null)
        {
            await _slack.DisposeAsync();
        }

        if (Db is not null)
        {
            await Db.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _http.Dispose();
    }

    private static string SlackUser(string person) => "U0" + person.ToUpperInvariant();

    private ServeProcess Instance(int i) => _instances[i] ?? throw new InvalidOperationException($"instance {Name(i)} is not running");

    private int? Holding(string holder)
    {
        for (var i = 0; i < _instances.Length; i++)
        {
            if (_instances[i] is { } instance && holder.StartsWith($"{instance.HostName}:{instance.Pid.ToString(CultureInfo.InvariantCulture)}:", StringComparison.Ordinal))
            {
                return i;
            }
        }

        return null;
    }

    private async Task PostAsync<T>(int i, string path, T body, CancellationToken cancellationToken)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(Instance(i).BaseAddress, path), body, Json, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    private async Task<Dictionary<string, string>> SettingsAsync(CancellationToken cancellationToken)
    {
        var settings = await _slack!.SettingsAsync(Path.Combine(_work, "slack-secrets"), cancellationToken);
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["MailHa:Storage:Provider"] = "PostgreSql",
            ["MailHa:Storage:ConnectionString"] = $"file:{ConnectionSecret}",
            ["MailHa:Storage:LeaseDuration"] = LeaseDuration.ToString("c", CultureInfo.InvariantCulture),
            ["MailHa:Mirror:ScheduleEnabled"] = "true",
            ["MailHa:Mirror:Cron"] = InstancesBench.EveryMinute,
            ["MailHa:Alerts:HealthCron"] = InstancesBench.EveryMinute,
            ["MailHa:Alerts:DownAfter"] = DownAfter.ToString("c", CultureInfo.InvariantCulture),
            ["MailHa:Slack:AlertChannels:0"] = "C0BENCH",
            ["MailHa:People:0:Slack:0:Tenant"] = SlackStandIn.Team,
            ["MailHa:People:0:Slack:0:User"] = SlackUser("alice"),
            ["MailHa:People:1:Slack:0:Tenant"] = SlackStandIn.Team,
            ["MailHa:People:1:Slack:0:User"] = SlackUser("bob"),
            // Named, or the console logger ignores FormatterOptions (it copies its own deprecated options over them): the
            // logs were multi-line without times, so no alert, failure or interrupted operation could be read back.
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:Console:FormatterOptions:SingleLine"] = "true",
            ["Logging:Console:FormatterOptions:UseUtcTimestamp"] = "true",
            ["Logging:Console:FormatterOptions:TimestampFormat"] = SoakLogs.TimestampFormat,
        })
        {
            settings[key] = value;
        }

        foreach (var (key, value) in LabHost.Timeouts)
        {
            settings[key] = value ?? "";
        }

        return settings;
    }
}
