using MailHa.Bot.Chat;

namespace MailHa.Bot.Pipeline;

internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 5300, Level = LogLevel.Information, Message = "{Platform} delivery {DeliveryId} seen before: not handled again")]
    public static partial void Repeated(ILogger logger, ChatPlatform platform, string deliveryId);
}
