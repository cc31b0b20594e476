namespace MailHa.Bot.Paging;

internal static partial class PagingLog
{
    [LoggerMessage(EventId = 5300, Level = LogLevel.Information, Message = "Page {Action} {DedupKey} accepted")]
    public static partial void Sent(ILogger logger, PageAction action, string dedupKey);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Warning, Message = "Page {Action} {DedupKey}: {Reason}; try {Attempt} again in {Delay}")]
    public static partial void Retrying(ILogger logger, PageAction action, string dedupKey, string reason, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Error, Message = "Page {Action} {DedupKey} given up after {Attempts} tries: {Reason}")]
    public static partial void GaveUp(ILogger logger, PageAction action, string dedupKey, string reason, int attempts);

    [LoggerMessage(EventId = 5303, Level = LogLevel.Error, Message = "Page {Action} {DedupKey} refused by PagerDuty: {Reason}")]
    public static partial void Rejected(ILogger logger, PageAction action, string dedupKey, string reason);

    [LoggerMessage(EventId = 5304, Level = LogLevel.Error, Message = "Paging queue full: dropped {Action} {DedupKey}")]
    public static partial void Dropped(ILogger logger, PageAction action, string dedupKey);

    [LoggerMessage(EventId = 5305, Level = LogLevel.Error, Message = "Page {Action} {DedupKey}: its audit entry could not be written")]
    public static partial void NotRecorded(ILogger logger, PageAction action, string dedupKey, Exception exception);
}
