using Microsoft.Extensions.Logging;

namespace MailHa.Operations.Mirror;

internal static partial class MirrorLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Mirror {Source} -> {Target} started by {Trigger} at generation {Generation}")]
    public static partial void Started(ILogger logger, string source, string target, string trigger, long generation);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Mirror run {Id} {Outcome} {Source} -> {Target}: {Message}")]
    public static partial void Finished(ILogger logger, long id, MirrorVerdict outcome, string source, string target, string message);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Mirror trigger {Trigger} did not start: {Reason}")]
    public static partial void NotStarted(ILogger logger, string trigger, string reason);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Mirror observer {Observer} failed")]
    public static partial void ObserverFailed(ILogger logger, IMirrorObserver observer, Exception exception);
}
