using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using MailHa.Bot.Chat;
using Microsoft.Extensions.Logging;

namespace MailHa.Bot.Channels.Slack;

/// <summary>
/// The two HTTP endpoints. Order matters: read the raw body, verify the signature and window, refuse replays,
/// and only then parse; ack at once and leave the work to <see cref="SlackDispatcher"/> (the shared dispatch policy).
/// </summary>
internal sealed class SlackInbound(SlackRequestVerifier verifier, SlackReplayGuard replays, SlackDispatcher dispatcher, ILogger<SlackInbound> logger)
{
    public const int MaxBodyBytes = 1024 * 1024;
    private const string Commands = "commands";
    private const string Interactions = "interactions";

    public async Task<IResult> HandleCommandAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (answer, form) = await AuthenticateAsync(request, Commands, cancellationToken);
        if (answer is not null)
        {
            return answer;
        }

        if (form!.GetValueOrDefault("ssl_check") == "1")
        {
            return Results.Ok();
        }

        var item = SlackPayloadParser.ParseCommand(form!);
        if (item is null)
        {
            SlackLog.Malformed(logger, Commands, "user_id, team_id, channel_id or trigger_id missing");
            return Results.BadRequest();
        }

        if (dispatcher.Classify(item) == ChatWork.AtOnce)
        {
            // Help, approvals, history and refusals need no node: the answer is the HTTP response itself.
            var reply = await dispatcher.AnswerAtOnceAsync(item, cancellationToken);
            return reply is null ? Results.Ok() : Results.Text(BlockKitRenderer.Payload(reply, SlackDispatcher.Audience(item, reply)).ToJsonString(), "application/json");
        }

        // Read-only work is never refused as busy (it runs beside the queue; status shares one gather); operations may be.
        return dispatcher.TryDispatch(item)
            ? Ephemeral("Working on it…")
            : Ephemeral("MailHa is busy; please try again in a minute.");
    }

    public async Task<IResult> HandleInteractionAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var (answer, form) = await AuthenticateAsync(request, Interactions, cancellationToken);
        if (answer is not null)
        {
            return answer;
        }

        SlackWorkItem? item;
        try
        {
            using var payload = JsonDocument.Parse(form!.GetValueOrDefault("payload") ?? "");
            item = SlackPayloadParser.ParseInteraction(payload.RootElement);
        }
        catch (JsonException)
        {
            SlackLog.Malformed(logger, Interactions, "payload is not JSON");
            return Results.BadRequest();
        }

        if (item is null)
        {
            SlackLog.Ignored(logger, "interaction");
            return Results.Ok();
        }

        dispatcher.TryDispatch(item);
        return Results.Ok();
    }

    private async Task<(IResult? Answer, Dictionary<string, string>? Form)> AuthenticateAsync(HttpRequest request, string endpoint, CancellationToken cancellationToken)
    {
        var body = await ReadBodyAsync(request, cancellationToken);
        if (body is null)
        {
            SlackLog.Malformed(logger, endpoint, "body too large");
            return (Results.StatusCode(StatusCodes.Status413PayloadTooLarge), null);
        }

        var check = verifier.Verify(request.Headers["X-Slack-Request-Timestamp"], request.Headers["X-Slack-Signature"], body);
        if (check is not SlackSignatureValid valid)
        {
            SlackLog.RequestRefused(logger, endpoint, check.Describe());
            return (Results.Unauthorized(), null);
        }

        // X-Slack-Retry-Num is not signed: it can only turn a replay into a harmless ack, never into a dispatch.
        var isSlackRetry = request.Headers.ContainsKey("X-Slack-Retry-Num");
        switch (replays.Check(valid, body, isSlackRetry))
        {
            case SlackReplayVerdict.Replay:
                SlackLog.ReplayRefused(logger, endpoint);
                return (Results.Unauthorized(), null);
            case SlackReplayVerdict.Duplicate:
                SlackLog.DuplicateAcked(logger, endpoint, isSlackRetry);
                return (Results.Ok(), null);
            case SlackReplayVerdict.Full:
                SlackLog.ReplayMemoryFull(logger, endpoint, SlackReplayGuard.Capacity);
                return (Results.StatusCode(StatusCodes.Status503ServiceUnavailable), null);
        }

        using var stream = new MemoryStream(body, writable: false);
        using var reader = new FormReader(stream);
        var form = await reader.ReadFormAsync(cancellationToken);
        return (null, form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal));
    }

    private static Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken) =>
        BoundedBody.ReadAsync(request, MaxBodyBytes, cancellationToken);

    private static IResult Ephemeral(string text) =>
        Results.Text(new JsonObject { ["response_type"] = "ephemeral", ["text"] = text }.ToJsonString(), "application/json");
}
