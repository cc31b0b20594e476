using System.Text;
using System.Text.Json.Nodes;
using MailHa.Bot.Channels.Teams;
using MailHa.Bot.Chat;
using MailHa.Operations.Journal;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MailHa.Bot.Tests.Teams;

/// <summary>
/// The bot's Teams channel as Program.cs would host it (<c>AddTeams</c> + <c>MapTeams</c>) on an in-memory
/// TestServer, pointed at a <see cref="LocalBotFrameworkIssuer"/> through its options (authority validation off:
/// the stand-in is no Microsoft cloud). Its Teams HTTP clients trust only that issuer's self-signed certificate.
/// </summary>
public sealed class TeamsBotHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _directory;

    private TeamsBotHost(WebApplication app, string directory, CapturedLogs logs)
    {
        _app = app;
        _directory = directory;
        Logs = logs;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TeamsBotHost> StartAsync(
        LocalBotFrameworkIssuer issuer,
        IChatRouter router,
        Action<Dictionary<string, string?>>? configure = null,
        Action<IServiceCollection>? services = null)
    {
        var directory = Directory.CreateTempSubdirectory("mailha-teams-").FullName;
        var secretFile = Path.Combine(directory, "app-password");
        await File.WriteAllTextAsync(secretFile, LocalBotFrameworkIssuer.AppSecret + "\n");
        var settings = new Dictionary<string, string?>
        {
            ["MailHa:Teams:Enabled"] = "true",
            ["MailHa:Teams:AppId"] = TeamsActivities.BotAppId,
            ["MailHa:Teams:AppPassword"] = "file:" + secretFile,
            ["MailHa:Teams:TenantId"] = TeamsActivities.TenantId,
            ["MailHa:Teams:OpenIdMetadataUrl"] = issuer.MetadataUrl,
            ["MailHa:Teams:LoginAuthority"] = issuer.HttpsBase,
            ["MailHa:Teams:ValidateLoginAuthority"] = "false",
            ["MailHa:Teams:AlertChannels:0:ServiceUrl"] = issuer.ServiceUrl,
            ["MailHa:Teams:AlertChannels:0:ChannelId"] = "19:alerts@thread.tacv2",
            ["MailHa:Storage:DatabasePath"] = Path.Combine(directory, "mailha.db"),
        };
        configure?.Invoke(settings);

        var builder = WebApplication.CreateSlimBuilder();
        var logs = new CapturedLogs();
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.UseTestServer();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(router);
        services?.Invoke(builder.Services);
        builder.Services.AddJournal();
        builder.Services.AddTeams(builder.Configuration);
        LocalBotFrameworkIssuer.TrustIn(builder.Services);

        var app = builder.Build();
        app.MapTeams();
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            Directory.Delete(directory, recursive: true);
            throw;
        }

        return new TeamsBotHost(app, directory, logs);
    }

    /// <summary>POSTs an activity to <c>/api/messages</c> with a raw Authorization header (null: none).</summary>
    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages")
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public Task<HttpResponseMessage> PostAsync(JsonObject activity, LocalBotFrameworkIssuer issuer) =>
        PostAsync(activity, "Bearer " + issuer.CreateToken());

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
