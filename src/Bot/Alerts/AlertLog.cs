namespace MailHa.Bot.Alerts;

internal static partial class AlertLog
{
    [LoggerMessage(EventId = 5200, Level = LogLevel.Warning, Message = "Alert to {Conversation} failed")]
    public static partial void PostFailed(ILogger logger, string conversation, Exception exception);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "{Kind} for {Problem}: {Summary}")]
    public static partial void Raised(ILogger logger, AlertKind kind, string problem, string summary);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Error, Message = "The {Problem} watch failed; it looks again at its next time")]
    public static partial void WatchFailed(ILogger logger, string problem, Exception exception);
}
