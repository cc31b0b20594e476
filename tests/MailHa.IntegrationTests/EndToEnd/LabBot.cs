using MailHa.Bot.Hosting;
using MailHa.IntegrationTests.Lab;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MailHa.IntegrationTests.EndToEnd;

/// <summary>
/// The whole bot, in process, exactly as <c>mailha serve --config lab/.run/mailha.json</c> builds it
/// (<see cref="BotHost.Build"/>), listening on a free loopback port, on the test's <see cref="LabScope"/> journal. Scheduled jobs (mirror, health watch, active node watch) are off so that only what a test does happens.
/// </summary>
public sealed class LabBot : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LabBot(WebApplication app, IReadOnlyList<Uri> addresses)
    {
        _app = app;
        Addresses = addresses;
    }

    /// <summary>Where the bot listens; the first is the loopback address.</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    public Uri BaseAddress => Addresses[0];

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Configuration over the lab's file (channels, people, more listen URLs).</param>
    /// <param name="configure">Further builder changes (e.g. trust a stand-in's certificate).</param>
    public static async Task<LabBot> StartAsync(LabScope scope, IDictionary<string, string?>? settings, Action<WebApplicationBuilder>? configure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["MailHa:Storage:DatabasePath"] = scope.DatabasePath,
            ["MailHa:Mirror:ScheduleEnabled"] = "false",

            // Once a year: the health watch must not post alerts into a test's channels.
            ["MailHa:Alerts:HealthCron"] = "0 0 1 1 *",

            // Once a day: the active node's watch must not propose failovers in tests that cut a node (a test may ask for it).
            ["MailHa:Alerts:WatchInterval"] = "1.00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            overrides[key] = value;
        }

        var app = BotHost.Build(scope.ConfigPath, builder =>
        {
            builder.Configuration.AddInMemoryCollection(overrides);
            builder.Logging.ClearProviders()
                .AddProvider(new TestOutputLoggerProvider())
                .AddFilter("System.Net.Http", LogLevel.Warning)
                .AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
            configure?.Invoke(builder);
        });
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
            .Select(a => new Uri(a.TrimEnd('/') + "/"))
            .OrderBy(a => a.IsLoopback ? 0 : 1)
            .ToList();
        return new LabBot(app, addresses);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}
