namespace MailHa.Bot.Approvals;

internal static partial class ApprovalLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Error, Message = "Approved request {RequestId} failed while running")]
    public static partial void RunFailed(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Posting approval card for {RequestId} to {Conversation} failed")]
    public static partial void CardFailed(ILogger logger, string requestId, string conversation, Exception exception);

    [LoggerMessage(EventId = 5109, Level = LogLevel.Warning, Message = "Approved request {RequestId} stopped: the journal became unreachable during the run; resume it once the database answers")]
    public static partial void RunInterruptedByJournal(ILogger logger, string requestId);
}
