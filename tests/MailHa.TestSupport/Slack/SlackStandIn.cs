using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace MailHa.TestSupport.Slack;

/// <summary>
/// A real local stand-in for Slack on 127.0.0.1: the Web API methods the bot calls, <c>response_url</c> hooks
/// under <c>/hooks/{id}</c>, and a Socket Mode WebSocket at <c>/socket</c> driven by <see cref="SocketScript"/>.
/// Answers can be scripted per method (ok:false, 429 with Retry-After, 5xx); everything received is recorded.
/// </summary>
public sealed class SlackStandIn : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Body, string? RetryAfter)>> scripted = new(StringComparer.Ordinal);
    private readonly Channel<StandInRequest> requests = Channel.CreateUnbounded<StandInRequest>();
    private int messageNumber;
    private int socketConnections;

    private SlackStandIn(WebApplication app) => this.app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Runs each accepted Socket Mode connection: (socket, 1-based connection number, token).</summary>
    public Func<WebSocket, int, CancellationToken, Task>? SocketScript { get; set; }

    public static async Task<SlackStandIn> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var standIn = new SlackStandIn(builder.Build());
        standIn.Configure();
        await standIn.app.StartAsync(cancellationToken);
        standIn.BaseUrl = new Uri(standIn.app.Urls.Single().TrimEnd('/') + "/");
        return standIn;
    }

    public Uri HookUrl(string id) => new(BaseUrl, $"hooks/{id}");

    /// <summary>The next answer of <paramref name="method"/> (e.g. <c>chat.postMessage</c>, <c>hooks</c>) is this one.</summary>
    public void Enqueue(string method, int status, string body, string? retryAfter = null) =>
        scripted.GetOrAdd(method, _ => new()).Enqueue((status, body, retryAfter));

    public ValueTask<StandInRequest> NextRequestAsync(CancellationToken cancellationToken) => requests.Reader.ReadAsync(cancellationToken);

    public bool TryTakeRequest(out StandInRequest? request) => requests.Reader.TryRead(out request);

    public static Task SendAsync(WebSocket socket, JsonNode message, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);

    /// <summary>The next text message, or null when the client closed.</summary>
    public static async Task<JsonNode?> ReceiveAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return JsonNode.Parse(message.ToArray());
            }
        }
    }

    /// <summary>Reads until the client closes or the stand-in stops; answers a close politely.</summary>
    public static async Task DrainAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        try
        {
            while (await ReceiveAsync(socket, cancellationToken) is not null)
            {
            }

            if (socket.State == WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away or the stand-in is stopping.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        await app.StopAsync(CancellationToken.None);
        await app.DisposeAsync();
        stopping.Dispose();
    }

    private void Configure()
    {
        app.UseWebSockets();
        app.MapPost("/api/{method}", (HttpContext context, string method) => AnswerAsync(context, method));
        app.MapPost("/hooks/{id}", (HttpContext context) => AnswerAsync(context, "hooks"));
        app.Map("/socket", SocketAsync);
    }

    private async Task AnswerAsync(HttpContext context, string method)
    {
        var text = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted);
        var body = string.IsNullOrEmpty(text) ? null : JsonNode.Parse(text);
        await requests.Writer.WriteAsync(new StandInRequest(context.Request.Path, context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, body), context.RequestAborted);

        if (scripted.TryGetValue(method, out var queue) && queue.TryDequeue(out var answer))
        {
            context.Response.StatusCode = answer.Status;
            if (answer.RetryAfter is not null)
            {
                context.Response.Headers.RetryAfter = answer.RetryAfter;
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Body, context.RequestAborted);
            return;
        }

        JsonObject reply = method switch
        {
            "chat.postMessage" => new() { ["ok"] = true, ["channel"] = body?["channel"]?.GetValue<string>(), ["ts"] = $"1770000000.{Interlocked.Increment(ref messageNumber):D6}" },
            "chat.update" => new() { ["ok"] = true, ["channel"] = body?["channel"]?.GetValue<string>(), ["ts"] = body?["ts"]?.GetValue<string>() },
            "apps.connections.open" => new() { ["ok"] = true, ["url"] = new Uri(BaseUrl, "socket").AbsoluteUri.Replace("http://", "ws://", StringComparison.Ordinal) },
            "hooks" => new() { ["ok"] = true },
            _ => new() { ["ok"] = false, ["error"] = "unknown_method" },
        };
        await context.Response.WriteAsJsonAsync(reply, context.RequestAborted);
    }

    private async Task SocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest || SocketScript is not { } script)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping.Token);
        await script(socket, Interlocked.Increment(ref socketConnections), linked.Token);
    }
}
