namespace MailHa.Bot.Channels.Teams;

/// <summary>Teams channel log messages. Never tokens, secrets or command text: ids, kinds and our own reasons only.</summary>
internal static partial class TeamsLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Teams activity rejected (401): {Reason}")]
    public static partial void AuthRejected(ILogger logger, string reason);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Teams token signed by unknown key {KeyId}: refreshing Bot Framework metadata")]
    public static partial void SigningKeyUnknown(ILogger logger, string keyId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Error, Message = "Bot Framework signing metadata unavailable")]
    public static partial void MetadataUnavailable(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Teams activity refused (400): {Reason}")]
    public static partial void BadRequest(ILogger logger, string reason);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Debug, Message = "Teams activity {Kind} ignored: {Reason}")]
    public static partial void ActivityIgnored(ILogger logger, string? kind, string reason);


    [LoggerMessage(EventId = 4106, Level = LogLevel.Warning, Message = "Teams queue full: activity {ActivityId} refused (503) for redelivery")]
    public static partial void QueueFull(ILogger logger, string activityId);

    [LoggerMessage(EventId = 4107, Level = LogLevel.Error, Message = "Teams {EventKind} {DeliveryId} failed")]
    public static partial void DispatchFailed(ILogger logger, string eventKind, string deliveryId, Exception exception);

    [LoggerMessage(EventId = 4108, Level = LogLevel.Information, Message = "Teams card action {ActivityId} still running: answered with a notice, the card is updated when done")]
    public static partial void InvokeAnsweredEarly(ILogger logger, string activityId);

    [LoggerMessage(EventId = 4109, Level = LogLevel.Warning, Message = "Bot Connector call to {ServiceUrl} refused: serviceUrl neither validated nor configured")]
    public static partial void ServiceUrlRefused(ILogger logger, string serviceUrl);
}
