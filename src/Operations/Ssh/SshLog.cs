using Microsoft.Extensions.Logging;

namespace MailHa.Operations.Ssh;

/// <summary>SSH log messages. Command names only: command text can hold secrets.</summary>
internal static partial class SshLog
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Connected to {Node} ({Host}:{Port})")]
    public static partial void Connected(ILogger logger, string node, string host, int port);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "{Node} is unreachable: {Reason}")]
    public static partial void Unreachable(ILogger logger, string node, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Error, Message = "{Node} presented host key {Presented}, pinned is {Expected}: refused")]
    public static partial void HostKeyRejected(ILogger logger, string node, string expected, string presented);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "{Command} on {Node} exited {Code} in {ElapsedMs} ms")]
    public static partial void Exited(ILogger logger, string command, string node, int code, long elapsedMs);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "{Command} on {Node} timed out after {ElapsedMs} ms; cancelled")]
    public static partial void TimedOut(ILogger logger, string command, string node, long elapsedMs);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Error, Message = "{Node} refused our login: {Reason}")]
    public static partial void LoginRefused(ILogger logger, string node, string reason);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Information, Message = "{Command} on {Node}: its kept shell was closed ({Why}); run on a channel of its own")]
    public static partial void KeptShellBroke(ILogger logger, string command, string node, string why);

    [LoggerMessage(EventId = 1107, Level = LogLevel.Information, Message = "{Node} refused a kept shell ({Reason}); read-only commands run on channels of their own")]
    public static partial void KeptShellRefused(ILogger logger, string node, string reason);
}
