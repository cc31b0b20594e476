using Microsoft.Extensions.Logging;

namespace MailHa.Operations.Failover;

internal static partial class FailoverLog
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Warning, Message = "Operation {OperationId} ({Kind}) {Source} -> {Target} started (resumed: {Resumed})")]
    public static partial void Started(ILogger logger, string operationId, OperationKind kind, string source, string target, bool resumed);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning, Message = "Operation {OperationId} {Outcome}: {Message}")]
    public static partial void Finished(ILogger logger, string operationId, FailoverOutcome outcome, string message);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "{Kind} requested by {RequestedBy} refused: {Reason}")]
    public static partial void Refused(ILogger logger, OperationKind kind, string requestedBy, string reason);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Error, Message = "Operation {OperationId} step {Step} threw")]
    public static partial void StepCrashed(ILogger logger, string operationId, string step, Exception exception);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Warning, Message = "Progress report for operation {OperationId} failed")]
    public static partial void ProgressFailed(ILogger logger, string operationId, Exception exception);
}
