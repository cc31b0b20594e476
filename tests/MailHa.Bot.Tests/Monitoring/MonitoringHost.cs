using System.Net;
using MailHa.Bot.Hosting;
using MailHa.Bot.Tests.Approvals;
using MailHa.Bot.Tests.Teams;
using MailHa.Operations.Ldap;
using MailHa.Operations.Ssh;
using MailHa.Operations.Vip;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MailHa.Bot.Tests.Monitoring;

/// <summary>
/// The whole bot (<see cref="BotHost.Build"/>) on a test server over fake nodes, with its journal in a folder of
/// its own that a test can take away, and every log message kept. With a port it listens on 127.0.0.1 (Kestrel), as
/// <c>mailha serve</c> does, for clients that are real browsers or follow redirects elsewhere; else on a test server.
/// </summary>
public sealed class MonitoringHost : IAsyncDisposable
{
    private readonly string _directory;
    private readonly WebApplication _app;

    private MonitoringHost(string directory, WebApplication app, CapturedLogs logs, Uri? address)
    {
        _directory = directory;
        _app = app;
        Logs = logs;
        Address = address;
        Client = address is null ? app.GetTestClient() : new HttpClient { BaseAddress = address };
    }

    public FakeNodes Nodes => _app.Services.GetRequiredService<FakeNodes>();

    public CapturedLogs Logs { get; }

    public HttpClient Client { get; }

    /// <summary>http://127.0.0.1:PORT/ when started on a port; null on a test server.</summary>
    public Uri? Address { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The folder the journal lives in.</summary>
    public string JournalFolder => Path.Combine(_directory, "journal");

    public static async Task<MonitoringHost> StartAsync(Action<Dictionary<string, string?>>? adjust = null, Action<IServiceCollection>? services = null, int? port = null)
    {
        var directory = Directory.CreateTempSubdirectory("mailha-monitoring-").FullName;
        var settings = BotHarness.Settings(directory);
        settings["MailHa:Storage:DatabasePath"] = Path.Combine(directory, "journal", "mailha.db");
        settings["MailHa:Mirror:ScheduleEnabled"] = "false";
        settings["Logging:LogLevel:Default"] = "Trace";
        adjust?.Invoke(settings);

        var logs = new CapturedLogs();
        var nodes = new FakeNodes();
        WebApplication app;
        try
        {
            app = Build(settings, logs, nodes, services, port);
        }
        catch
        {
            // Refused while building (bad configuration): nothing of this host is left behind.
            Directory.Delete(directory, recursive: true);
            throw;
        }

        try
        {
            await app.StartAsync(TestContext.Current.CancellationToken);
        }
        catch
        {
            // Refused at start (bad configuration): nothing of this host is left behind.
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
            throw;
        }

        return new MonitoringHost(directory, app, logs, port is { } p ? new Uri($"http://127.0.0.1:{p}/") : null);
    }

    private static WebApplication Build(Dictionary<string, string?> settings, CapturedLogs logs, FakeNodes nodes, Action<IServiceCollection>? services, int? port) =>
        BotHost.Build(null, builder =>
        {
            if (port is { } listen)
            {
                builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, listen));
            }
            else
            {
                builder.WebHost.UseTestServer();
            }

            builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton(nodes);
            builder.Services.AddSingleton<IRemoteShell>(nodes);
            builder.Services.AddSingleton<IServiceProbe>(nodes);
            builder.Services.AddSingleton<IDirectoryClientFactory>(nodes);
            services?.Invoke(builder.Services);
        });

    /// <summary>GETs <paramref name="path"/> until <paramref name="until"/> holds (a job server starts in the background).</summary>
    public async Task<(HttpResponseMessage Response, string Body)> GetAsync(string path, Func<HttpResponseMessage, string, bool>? until = null)
    {
        var token = Wait.Token();
        var last = "no answer";
        try
        {
            while (true)
            {
                var response = await Client.GetAsync(new Uri(path, UriKind.Relative), token);
                var body = await response.Content.ReadAsStringAsync(token);
                if (until is null || until(response, body))
                {
                    return (response, body);
                }

                last = $"{(int)response.StatusCode}: {body}";
                response.Dispose();
                await Task.Delay(TimeSpan.FromMilliseconds(100), token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            throw new TimeoutException($"GET {path} never answered as the test waits for; its last answer was {last}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
