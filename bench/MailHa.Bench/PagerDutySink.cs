using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MailHa.Bench;

/// <summary>
/// A stand-in for PagerDuty's Events API v2 on loopback, as documented: <c>POST /v2/enqueue</c> answers 202
/// <c>{status, message, dedup_key}</c>, or 400 <c>{status: "invalid event"}</c> when the routing key is not the one
/// filed. Keeps each accepted event's action and when it arrived, for the restore stage to count.
/// </summary>
internal sealed class PagerDutySink : IAsyncDisposable
{
    public const string RoutingKey = "B3NCHR0UT1NGKEY00000000000000001";

    private static readonly string[] InvalidRoutingKey = ["Invalid routing key"];

    private readonly WebApplication _app;

    private PagerDutySink(WebApplication app) => _app = app;

    /// <summary>Every accepted event: its <c>event_action</c>, <c>dedup_key</c> and arrival (UTC).</summary>
    public ConcurrentQueue<(string Action, string DedupKey, DateTimeOffset At)> Events { get; } = new();

    public string Url => _app.Urls.Single().TrimEnd('/') + "/v2/enqueue";

    public static async Task<PagerDutySink> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var sink = new PagerDutySink(builder.Build());
        sink._app.MapPost("/v2/enqueue", async (HttpContext context) =>
        {
            var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            if (body?["routing_key"]?.GetValue<string>() != RoutingKey || body["event_action"]?.GetValue<string>() is not { } action)
            {
                return Microsoft.AspNetCore.Http.Results.Json(new { status = "invalid event", message = "Event object is invalid", errors = InvalidRoutingKey }, statusCode: 400);
            }

            var key = body["dedup_key"]?.GetValue<string>() ?? Guid.NewGuid().ToString("N");
            sink.Events.Enqueue((action, key, DateTimeOffset.UtcNow));
            return Microsoft.AspNetCore.Http.Results.Json(new { status = "success", message = "Event processed", dedup_key = key }, statusCode: 202);
        });
        await sink._app.StartAsync(cancellationToken);
        return sink;
    }

    /// <summary>Files the routing key in <paramref name="directory"/>; <c>MailHa:Paging:PagerDuty</c> settings that page this sink.</summary>
    public async Task<Dictionary<string, string?>> SettingsAsync(string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "pagerduty-routing-key");
        await File.WriteAllTextAsync(file, RoutingKey + "\n", cancellationToken);
        return new()
        {
            ["MailHa:Paging:PagerDuty:RoutingKey"] = $"file:{file}",
            ["MailHa:Paging:PagerDuty:Url"] = Url,
        };
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
