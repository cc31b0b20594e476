using MailHa.Bot.Chat;

namespace MailHa.Bot.Pipeline;

internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 5300, Level = LogLevel.Information, Message = "{Platform} delivery {DeliveryId} seen before: not handled again")]
    public static partial void Repeated(ILogger logger, ChatPlatform platform, string deliveryId);

    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "{Platform} request by {Caller} refused without an audit entry: the journal is unreachable since {Since:u}")]
    public static partial void RefusedJournalUnreachable(ILogger logger, ChatPlatform platform, string caller, DateTimeOffset since);
}
