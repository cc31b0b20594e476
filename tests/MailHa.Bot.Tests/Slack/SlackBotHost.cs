using System.Net;
using MailHa.Bot.Channels.Slack;
using MailHa.Bot.Chat;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MailHa.Bot.Tests.Slack;

/// <summary>The bot's Slack channel in a real WebApplication on 127.0.0.1:0, with a recording router and a fake clock.</summary>
public sealed class SlackBotHost : IAsyncDisposable
{
    private readonly SlackSecretFiles secrets;
    private WebApplication app = null!;
    private int disposed;

    private SlackBotHost(SlackSecretFiles secrets, RecordingChatRouter router, TimeProvider time)
    {
        this.secrets = secrets;
        Router = router;
        Time = time;
    }

    public RecordingChatRouter Router { get; }

    /// <summary>Every log line the host wrote, at every level.</summary>
    public Teams.CapturedLogs Logs { get; } = new();

    public TimeProvider Time { get; }

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => app.Services;

    public long Now => Time.GetUtcNow().ToUnixTimeSeconds();

    public static Dictionary<string, string?> Settings(SlackSecretFiles secrets, SlackStandIn slack, SlackMode mode) => new()
    {
        ["MailHa:Slack:Enabled"] = "true",
        ["MailHa:Slack:Mode"] = mode.ToString(),
        ["MailHa:Slack:SigningSecret"] = secrets.SigningSecret,
        ["MailHa:Slack:BotToken"] = secrets.BotToken,
        ["MailHa:Slack:AppToken"] = secrets.AppToken,
        ["MailHa:Slack:ApiBaseUrl"] = slack.BaseUrl.AbsoluteUri,
        ["MailHa:Slack:AlertChannels:0"] = "C0ALERTS",
    };

    public static async Task<SlackBotHost> StartAsync(
        SlackStandIn slack, SlackMode mode, TimeProvider time, CancellationToken cancellationToken, Action<Dictionary<string, string?>>? adjust = null)
    {
        var secrets = new SlackSecretFiles();
        var settings = Settings(secrets, slack, mode);
        adjust?.Invoke(settings);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var router = new RecordingChatRouter();
        var host = new SlackBotHost(secrets, router, time);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(host.Logs);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton<IChatRouter>(router);
        builder.Services.AddSlack(builder.Configuration);

        var app = builder.Build();
        host.app = app;
        app.MapSlack();
        await app.StartAsync(cancellationToken);
        host.Client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        Client?.Dispose();
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        secrets.Dispose();
    }
}
