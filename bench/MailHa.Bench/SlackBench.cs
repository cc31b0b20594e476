using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using MailHa.Bot.Hosting;
using MailHa.Operations.Reporting;
using MailHa.Operations.Status;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MailHa.Bench;

/// <summary>One signed slash command: time to the complete HTTP response, status, and whether the ack said "busy".</summary>
internal sealed record SlackCall(double Ms, int Status, bool Busy);

/// <summary>
/// Measurement 5: the real bot host (BotHost.Build with the lab configuration, Slack enabled in HTTP
/// mode, secrets in temp files, ApiBaseUrl at a dummy local listener) on 127.0.0.1, hit with signed
/// <c>/mail help</c> commands by 50 concurrent senders; bounded in count and in time. Then 50 concurrent
/// <c>/mail status</c>, counting the status gathers they cost (a status observer in the same host).
/// </summary>
internal sealed class SlackBench(Lab lab, string workDirectory, int total, int concurrency, TimeSpan timeLimit)
{
    private SlackStandIn? _slack;
    private int _dummyHits;
    private int _statusHooks;
    private int _gathers;

    public double ColdMs { get; private set; }

    public List<SlackCall> Calls { get; } = [];

    public TimeSpan Elapsed { get; private set; }

    public int DummyHits => Volatile.Read(ref _dummyHits);

    public bool HitTimeLimit { get; private set; }

    public int Total => total;

    public int Concurrency => concurrency;

    public TimeSpan TimeLimit => timeLimit;

    /// <summary>The concurrent <c>/mail status</c> burst's acks.</summary>
    public List<SlackCall> StatusCalls { get; } = [];

    /// <summary>Status answers that reached their response_url hook.</summary>
    public int StatusAnswers => Volatile.Read(ref _statusHooks);

    /// <summary>Status gathers (each asks every node) the burst cost.</summary>
    public int StatusGathers { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var dummy = await SlackStandIn.StartAsync(Counted, cancellationToken);
        _slack = dummy;

        // Environment variables: AddSlack reads MailHa:Slack:Enabled while BotHost registers services, before any configure callback.
        var environment = (await dummy.SettingsAsync(Path.Combine(workDirectory, "slack-secrets"), cancellationToken))
            .ToDictionary(e => e.Key.Replace(":", "__", StringComparison.Ordinal), e => e.Value);
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["MailHa__Storage__DatabasePath"] = Path.Combine(workDirectory, "slack.db"),
            ["MailHa__Mirror__ScheduleEnabled"] = "false",
            ["MailHa__Alerts__HealthCron"] = "0 0 1 1 *",
            ["MailHa__Alerts__WatchInterval"] = "1.00:00:00",
            // The sender, allowed to read status (the lab's people are console users).
            ["MailHa__People__3__Name"] = "bench",
            ["MailHa__People__3__Roles__0"] = "Read",
            ["MailHa__People__3__Slack__0__Tenant"] = SlackStandIn.Team,
            ["MailHa__People__3__Slack__0__User"] = "U0BENCH",
        })
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            Environment.SetEnvironmentVariable(key, value);
        }

        try
        {
            var app = BotHost.Build(lab.ConfigPath, builder =>
            {
                builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
                builder.Logging.ClearProviders();
                builder.Services.AddSingleton<IReportObserver<StatusReport>>(new GatherCounter(() => Interlocked.Increment(ref _gathers)));
            });
            await using (app)
            {
                await app.StartAsync(cancellationToken);
                try
                {
                    await LoadAsync(new Uri(app.Urls.Single()), cancellationToken);
                    await StatusBurstAsync(new Uri(app.Urls.Single()), cancellationToken);
                }
                finally
                {
                    await app.StopAsync(CancellationToken.None);
                }
            }
        }
        finally
        {
            foreach (var key in environment.Keys)
            {
                Environment.SetEnvironmentVariable(key, null);
            }
        }
    }

    private async Task LoadAsync(Uri bot, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = bot,
            Timeout = TimeSpan.FromSeconds(30),
        };

        ColdMs = (await SendAsync(client, "cold", cancellationToken)).Ms;
        for (var i = 0; i < 100; i++)
        {
            await SendAsync(client, $"warm{i}", cancellationToken);
        }

        var next = 0;
        var calls = new SlackCall?[total];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeLimit);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!deadline.IsCancellationRequested)
            {
                var index = Interlocked.Increment(ref next) - 1;
                if (index >= total)
                {
                    return;
                }

                try
                {
                    calls[index] = await SendAsync(client, index.ToString(CultureInfo.InvariantCulture), deadline.Token);
                }
                catch (OperationCanceledException) when (deadline.IsCancellationRequested)
                {
                    return;
                }
            }
        }, CancellationToken.None)).ToList();
        await Task.WhenAll(workers);
        Elapsed = clock.Elapsed;
        HitTimeLimit = deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
        Calls.AddRange(calls.OfType<SlackCall>());

        // Let the dispatcher's answers reach the dummy (bounded), so its count is meaningful.
        var wait = Stopwatch.StartNew();
        while (DummyHits < Calls.Count(c => c.Status == 200 && !c.Busy) && wait.Elapsed < TimeSpan.FromSeconds(15))
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>
    /// Fifty people typing <c>/mail status</c> at once (an incident): every one acked and answered, at the cost of
    /// how many gathers. The help load before it ran no gather (help needs no node).
    /// </summary>
    private async Task StatusBurstAsync(Uri bot, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = bot,
            Timeout = TimeSpan.FromSeconds(30),
        };
        var before = Volatile.Read(ref _gathers);
        var calls = await Task.WhenAll(Enumerable.Range(0, concurrency).Select(i =>
            Task.Run(() => SendAsync(client, $"status{i}", cancellationToken, "status"), CancellationToken.None)));
        StatusCalls.AddRange(calls);
        var wait = Stopwatch.StartNew();
        while (StatusAnswers < calls.Length && wait.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100, cancellationToken);
        }

        StatusGathers = Volatile.Read(ref _gathers) - before;
    }

    private async Task<SlackCall> SendAsync(HttpClient client, string id, CancellationToken cancellationToken, string command = "help")
    {
        using var request = _slack!.SlashCommand("U0BENCH", command, id);
        var started = Stopwatch.GetTimestamp();
        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return new SlackCall(ms, (int)response.StatusCode, text.Contains("busy", StringComparison.OrdinalIgnoreCase));
    }

    private void Counted(PathString path, string body)
    {
        Interlocked.Increment(ref _dummyHits);
        if (path.StartsWithSegments("/hooks", out var hook) && hook.Value!.StartsWith("/status", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _statusHooks);
        }
    }

    private sealed class GatherCounter(Action counted) : IReportObserver<StatusReport>
    {
        public Task OnReportAsync(StatusReport report, TimeSpan took, CancellationToken cancellationToken)
        {
            counted();
            return Task.CompletedTask;
        }
    }
}
