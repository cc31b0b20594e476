using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MailHa.Bench;

/// <summary>
/// A stand-in for Slack's Web API and response_url hooks on loopback (every request gets 200 {"ok":true}), and signed
/// slash commands as Slack sends them (v0 HMAC-SHA256 over timestamp and body). Shared by the Slack stage and the soak.
/// </summary>
internal sealed class SlackStandIn : IAsyncDisposable
{
    public const string SigningSecret = "bench-signing-secret-0123456789abcdef";
    public const string Team = "T0BENCH";

    private readonly WebApplication _app;

    private SlackStandIn(WebApplication app) => _app = app;

    /// <summary>Its base URL, for <c>MailHa:Slack:ApiBaseUrl</c> and response_url hooks (ends in '/').</summary>
    public string Url => _app.Urls.Single().TrimEnd('/') + "/";

    /// <param name="onRequest">Called with each request's path and body (the bench counts hooks, the soak keeps posts).</param>
    public static async Task<SlackStandIn> StartAsync(Action<PathString, string> onRequest, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body);
            onRequest(context.Request.Path, await reader.ReadToEndAsync(context.RequestAborted));
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"ok\":true,\"channel\":\"C0BENCH\",\"ts\":\"1700000000.000100\"}", context.RequestAborted);
        });
        await app.StartAsync(cancellationToken);
        return new SlackStandIn(app);
    }

    /// <summary>Files the signing secret and a bot token in <paramref name="directory"/>; returns <c>MailHa:Slack</c> settings for a bot host.</summary>
    public async Task<Dictionary<string, string>> SettingsAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "signing"), SigningSecret, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "bot"), "xoxb-bench-bot-token", cancellationToken);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["MailHa:Slack:Enabled"] = "true",
            ["MailHa:Slack:Mode"] = "Http",
            ["MailHa:Slack:SigningSecret"] = "file:" + Path.Combine(directory, "signing"),
            ["MailHa:Slack:BotToken"] = "file:" + Path.Combine(directory, "bot"),
            ["MailHa:Slack:ApiBaseUrl"] = Url,
        };
    }

    /// <summary>A signed <c>/mail</c> slash command from <paramref name="user"/>, its answer to go to the hook <paramref name="hook"/>.</summary>
    public HttpRequestMessage SlashCommand(string user, string text, string hook)
    {
        var body = string.Join('&',
            "token=bench", $"team_id={Team}", "team_domain=bench", "channel_id=C0BENCH", "channel_name=mail-ops",
            $"user_id={user}", $"user_name={user}", "command=%2Fmail", "text=" + Uri.EscapeDataString(text), "api_app_id=A0BENCH",
            "response_url=" + Uri.EscapeDataString($"{Url}hooks/{hook}"),
            $"trigger_id={hook}.{Guid.NewGuid():N}");
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = "v0=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SigningSecret), Encoding.UTF8.GetBytes($"v0:{timestamp}:{body}")));
        var request = new HttpRequestMessage(HttpMethod.Post, "slack/commands")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/x-www-form-urlencoded"),
        };
        request.Headers.Add("X-Slack-Request-Timestamp", timestamp);
        request.Headers.Add("X-Slack-Signature", signature);
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
