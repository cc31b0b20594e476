namespace MailHa.Bot.Monitoring;

internal static partial class MonitoringLog
{
    // The heartbeat URL is a bearer capability: no message here ever carries it.
    [LoggerMessage(EventId = 5600, Level = LogLevel.Debug, Message = "Heartbeat sent after the {Trigger}: HTTP {Status}")]
    public static partial void HeartbeatSent(ILogger logger, string trigger, int status);

    [LoggerMessage(EventId = 5601, Level = LogLevel.Warning, Message = "Heartbeat after the {Trigger} was not accepted: HTTP {Status}")]
    public static partial void HeartbeatRefused(ILogger logger, string trigger, int status);

    [LoggerMessage(EventId = 5602, Level = LogLevel.Warning, Message = "Heartbeat after the {Trigger} failed: {Reason}")]
    public static partial void HeartbeatFailed(ILogger logger, string trigger, string reason);

    [LoggerMessage(EventId = 5604, Level = LogLevel.Warning, Message = "Heartbeat sent without the audit chain's head: the journal could not be read ({Error})")]
    public static partial void HeartbeatWithoutHead(ILogger logger, string error);

    [LoggerMessage(EventId = 5603, Level = LogLevel.Warning, Message = "Metrics could not be read from the journal; the previous values stay")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);
}
