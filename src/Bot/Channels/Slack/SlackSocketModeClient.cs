using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MailHa.Bot.Chat;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MailHa.Bot.Channels.Slack;

/// <summary>
/// Slack Socket Mode: dials out (no inbound HTTP). Opens a URL with <c>apps.connections.open</c>, connects, acks
/// every envelope with its <c>envelope_id</c> at once, then feeds slash commands and button clicks to the same
/// dispatch the HTTP endpoints use. Reconnects when Slack says <c>disconnect</c>, and with backoff after failures.
/// </summary>
internal sealed class SlackSocketModeClient(
    SlackWebApiClient client,
    SlackDispatcher dispatcher,
    TimeProvider time,
    ILogger<SlackSocketModeClient> logger) : BackgroundService
{
    public const int MaxMessageBytes = 4 * 1024 * 1024;
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            Exception? error = null;
            SlackSocketOutcome outcome;
            try
            {
                outcome = await RunConnectionAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Whatever broke this connection (network, TLS, a malformed frame), the loop logs it and dials again.
                error = ex;
                outcome = SlackSocketOutcome.Failed;
            }

            failures = outcome switch
            {
                SlackSocketOutcome.ReconnectRequested => 0,
                SlackSocketOutcome.Dropped => 1,
                _ => failures + 1,
            };
            if (failures == 0)
            {
                continue;
            }

            var delay = Backoff(failures);
            SlackLog.SocketLost(logger, error, delay);
            try
            {
                await Task.Delay(delay, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>1 s, 2 s, 4 s… up to <see cref="MaxBackoff"/>.</summary>
    public static TimeSpan Backoff(int failures) =>
        TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Max(0, failures - 1)), MaxBackoff.TotalSeconds));

    private async Task<SlackSocketOutcome> RunConnectionAsync(CancellationToken cancellationToken)
    {
        if (await client.OpenConnectionAsync(cancellationToken) is not SlackConnectionOpened opened)
        {
            return SlackSocketOutcome.Failed;
        }

        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(30);
        await socket.ConnectAsync(opened.Url, cancellationToken);

        var connected = false;
        while (await ReceiveAsync(socket, cancellationToken) is { } frame)
        {
            using var document = JsonDocument.Parse(frame);
            var root = document.RootElement;
            var type = root.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            switch (type)
            {
                case "hello":
                    connected = true;
                    SlackLog.SocketConnected(logger);
                    break;
                case "disconnect":
                    var reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
                    SlackLog.SocketDisconnectRequested(logger, reason ?? "unspecified");
                    await CloseQuietlyAsync(socket, cancellationToken);
                    return SlackSocketOutcome.ReconnectRequested;
                default:
                    await HandleEnvelopeAsync(socket, root, type ?? "", cancellationToken);
                    break;
            }
        }

        return connected ? SlackSocketOutcome.Dropped : SlackSocketOutcome.Failed;
    }

    private async Task HandleEnvelopeAsync(ClientWebSocket socket, JsonElement envelope, string type, CancellationToken cancellationToken)
    {
        if (!envelope.TryGetProperty("envelope_id", out var idElement) || idElement.GetString() is not { Length: > 0 } envelopeId)
        {
            SlackLog.EnvelopeIgnored(logger, type);
            return;
        }

        var payload = envelope.TryGetProperty("payload", out var p) ? p : default;
        var item = type switch
        {
            "slash_commands" => SlackPayloadParser.ParseCommand(SlackPayloadParser.Fields(payload)),
            "interactive" => SlackPayloadParser.ParseInteraction(payload),
            _ => null,
        };
        var work = item is null ? ChatWork.Changes : dispatcher.Classify(item);
        var ack = new JsonObject { ["envelope_id"] = envelopeId };
        var answered = false;
        if (type == "slash_commands" && envelope.TryGetProperty("accepts_response_payload", out var accepts) && accepts.ValueKind == JsonValueKind.True)
        {
            // Answers that need no node go back in the acknowledgement itself, like the HTTP mode's response.
            var answer = item is not null && work == ChatWork.AtOnce ? await dispatcher.AnswerAtOnceAsync(item, cancellationToken) : null;
            ack["payload"] = answer is null
                ? new JsonObject { ["response_type"] = "ephemeral", ["text"] = "Working on it…" }
                : BlockKitRenderer.Payload(answer, SlackDispatcher.Audience(item!, answer));
            answered = answer is not null;
        }

        await socket.SendAsync(Encoding.UTF8.GetBytes(ack.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

        if (answered)
        {
            return;
        }

        if (item is null)
        {
            SlackLog.EnvelopeIgnored(logger, type);
        }
        else
        {
            // Read-only work runs beside the queue, never refused as busy; a full queue is logged.
            dispatcher.TryDispatch(item);
        }
    }

    /// <summary>One whole text message, or null when the peer closed.</summary>
    private static async Task<byte[]?> ReceiveAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await CloseQuietlyAsync(socket, cancellationToken);
                return null;
            }

            if (message.Length + result.Count > MaxMessageBytes)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "message too big", cancellationToken);
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return message.ToArray();
            }
        }
    }

    private static async Task CloseQuietlyAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
            }
            catch (WebSocketException)
            {
                // The peer is already gone; nothing to tell it.
            }
        }
    }
}
