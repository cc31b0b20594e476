using Microsoft.Extensions.Logging;

namespace MailHa.Bot.Channels.Slack;

/// <summary>
/// Every Slack log line. Never a token, the signing secret, a response_url (it is a bearer capability) or a
/// command's text: only endpoints, methods, Slack error codes, delivery and user ids.
/// </summary>
internal static partial class SlackLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Slack {Endpoint}: request refused: {Reason}")]
    public static partial void RequestRefused(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Slack {Endpoint}: replayed request refused")]
    public static partial void ReplayRefused(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Slack {Endpoint}: an acknowledged request came again (Slack retry: {SlackRetry}); acked, not dispatched")]
    public static partial void DuplicateAcked(ILogger logger, string endpoint, bool slackRetry);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Error, Message = "Slack {Endpoint}: replay memory full ({Capacity} live entries); request refused")]
    public static partial void ReplayMemoryFull(ILogger logger, string endpoint, int capacity);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning, Message = "Slack {Endpoint}: malformed request: {Reason}")]
    public static partial void Malformed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Debug, Message = "Slack: ignored {Kind} (nothing to dispatch)")]
    public static partial void Ignored(ILogger logger, string kind);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Error, Message = "Slack: dispatch queue full; {EventKind} {DeliveryId} dropped")]
    public static partial void QueueFull(ILogger logger, string eventKind, string deliveryId);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Slack: dispatching {EventKind} {DeliveryId} from {UserId}")]
    public static partial void Dispatching(ILogger logger, string eventKind, string deliveryId, string userId);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Error, Message = "Slack: router failed on {EventKind} {DeliveryId}")]
    public static partial void RouterFailed(ILogger logger, Exception exception, string eventKind, string deliveryId);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Warning, Message = "Slack: could not deliver the answer to {DeliveryId} via response_url ({Error}); posting to the channel instead")]
    public static partial void ResponseUrlFailed(ILogger logger, string deliveryId, string error);

    [LoggerMessage(EventId = 4113, Level = LogLevel.Error, Message = "Slack: could not deliver the answer to {DeliveryId}")]
    public static partial void DeliveryFailed(ILogger logger, Exception exception, string deliveryId);

    [LoggerMessage(EventId = 4120, Level = LogLevel.Warning, Message = "Slack {Method} failed: {Error}")]
    public static partial void ApiFailed(ILogger logger, string method, string error, Exception? exception = null);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Warning, Message = "Slack {Method} rate limited; retrying in {Delay} (attempt {Attempt})")]
    public static partial void RateLimited(ILogger logger, string method, TimeSpan delay, int attempt);

    [LoggerMessage(EventId = 4130, Level = LogLevel.Information, Message = "Slack Socket Mode connected")]
    public static partial void SocketConnected(ILogger logger);

    [LoggerMessage(EventId = 4131, Level = LogLevel.Information, Message = "Slack Socket Mode: disconnect requested ({Reason}); reconnecting")]
    public static partial void SocketDisconnectRequested(ILogger logger, string reason);

    [LoggerMessage(EventId = 4132, Level = LogLevel.Warning, Message = "Slack Socket Mode connection lost; reconnecting in {Delay}")]
    public static partial void SocketLost(ILogger logger, Exception? exception, TimeSpan delay);

    [LoggerMessage(EventId = 4133, Level = LogLevel.Debug, Message = "Slack Socket Mode: ignored envelope of type {EnvelopeType}")]
    public static partial void EnvelopeIgnored(ILogger logger, string envelopeType);
}
