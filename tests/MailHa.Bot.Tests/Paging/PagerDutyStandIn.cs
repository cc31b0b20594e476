using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MailHa.Bot.Tests.Paging;

/// <summary>
/// A local stand-in for the PagerDuty Events API v2 on 127.0.0.1 (<c>POST /v2/enqueue</c>), as documented: 202
/// <c>{status, message, dedup_key}</c>; 400 <c>{status: "invalid event", message, errors}</c> on an unknown routing key,
/// an unknown event_action, a trigger without summary, source or a valid severity, a summary over 1,024 characters or a
/// dedup_key over 255; 429 for the first <see cref="Throttle"/> events; <see cref="Hang"/> answers nothing. Every event
/// that came in is recorded, in order, answered or not.
/// </summary>
public sealed class PagerDutyStandIn : IAsyncDisposable
{
    private static readonly string[] Actions = ["trigger", "acknowledge", "resolve"];
    private static readonly string[] Severities = ["critical", "error", "warning", "info"];

    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping = new();
    private readonly Channel<JsonNode> events = Channel.CreateUnbounded<JsonNode>();

    private PagerDutyStandIn(WebApplication app, string routingKey)
    {
        this.app = app;
        RoutingKey = routingKey;
    }

    public string RoutingKey { get; }

    public Uri Url { get; private set; } = null!;

    /// <summary>How many of the next events are answered 429.</summary>
    public int Throttle { get; set; }

    /// <summary>When set, no event is answered until the stand-in stops.</summary>
    public bool Hang { get; set; }

    public static async Task<PagerDutyStandIn> StartAsync(string routingKey, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var standIn = new PagerDutyStandIn(builder.Build(), routingKey);
        standIn.app.MapPost("/v2/enqueue", (Func<HttpContext, Task<IResult>>)standIn.EnqueueAsync);
        await standIn.app.StartAsync(cancellationToken);
        standIn.Url = new Uri(standIn.app.Urls.Single().TrimEnd('/') + "/v2/enqueue");
        return standIn;
    }

    /// <summary>The next event the stand-in received.</summary>
    public ValueTask<JsonNode> NextEventAsync(CancellationToken cancellationToken) => events.Reader.ReadAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        stopping.Dispose();
    }

    private async Task<IResult> EnqueueAsync(HttpContext context)
    {
        var text = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        var body = JsonNode.Parse(text)!;
        await events.Writer.WriteAsync(body, context.RequestAborted);
        if (Hang)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
            await Task.Delay(Timeout.Infinite, linked.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            return Results.StatusCode(503);
        }

        if (Throttle > 0)
        {
            Throttle--;
            return Results.Json(new { status = "throttle event", message = "Requests for this service are arriving too quickly.  Please retry later." }, statusCode: 429);
        }

        if (Invalid(body) is { } error)
        {
            return Results.Json(new { status = "invalid event", message = "Event object is invalid", errors = new[] { error } }, statusCode: 400);
        }

        var dedupKey = body["dedup_key"]?.GetValue<string>() ?? Guid.NewGuid().ToString("N");
        return Results.Json(new { status = "success", message = "Event processed", dedup_key = dedupKey }, statusCode: 202);
    }

    private string? Invalid(JsonNode body)
    {
        if (body["routing_key"]?.GetValue<string>() != RoutingKey)
        {
            return "Invalid routing key";
        }

        var action = body["event_action"]?.GetValue<string>();
        if (!Actions.Contains(action))
        {
            return "'event_action' is invalid (must be one of the following: 'trigger', 'acknowledge' or 'resolve')";
        }

        if (body["dedup_key"]?.GetValue<string>() is { Length: > 255 })
        {
            return "'dedup_key' is too long (max 255 characters)";
        }

        if (action != "trigger")
        {
            return body["dedup_key"] is null ? "'dedup_key' is missing and must be present for acknowledge and resolve" : null;
        }

        var payload = body["payload"];
        return payload?["summary"]?.GetValue<string>() switch
        {
            null => "'payload.summary' is missing or blank",
            { Length: > 1024 } => "'payload.summary' is too long (max 1024 characters)",
            _ when payload["source"]?.GetValue<string>() is not { Length: > 0 } => "'payload.source' is missing or blank",
            _ when !Severities.Contains(payload["severity"]?.GetValue<string>()) => "'payload.severity' is invalid",
            _ => null,
        };
    }
}
