namespace MailHa.Bot.Channels;

internal static partial class ChatDispatchLog
{
    [LoggerMessage(EventId = 3900, Level = LogLevel.Error, Message = "Handling {EventKind} {DeliveryId} failed, and so did telling the platform")]
    public static partial void FailureNotReported(ILogger logger, string eventKind, string deliveryId, Exception exception);
}
