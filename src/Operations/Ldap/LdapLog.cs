using Microsoft.Extensions.Logging;

namespace MailHa.Operations.Ldap;

/// <summary>Directory log messages. Bind DNs and reasons only: the bind password is never logged, nor read before a bind.</summary>
internal static partial class LdapLog
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Debug, Message = "Bound to {Node} ({Endpoint}) as {BindDn}")]
    public static partial void Bound(ILogger logger, string node, string endpoint, string bindDn);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Directory call {Operation} on {Node} failed: {Fault}")]
    public static partial void CallFailed(ILogger logger, string operation, string node, string fault);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Information, Message = "Created canary entry {Dn} on {Node}")]
    public static partial void CanaryCreated(ILogger logger, string dn, string node);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Could not set libldap's default timeouts: a directory server that accepts connections but never answers may hold a bind until the connection drops")]
    public static partial void NativeTimeoutsUnavailable(ILogger logger);

    [LoggerMessage(EventId = 1210, Level = LogLevel.Information, Message = "Replication of {Suffix}: {State} ({Summary})")]
    public static partial void SuffixChecked(ILogger logger, string suffix, ReplicationState state, string summary);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Warning, Message = "Replication of {Suffix} is broken: {Summary}")]
    public static partial void SuffixBroken(ILogger logger, string suffix, string summary);

    [LoggerMessage(EventId = 1220, Level = LogLevel.Information, Message = "Canary {From} -> {To} replicated in {DelayMs} ms")]
    public static partial void ProbeConverged(ILogger logger, string from, string to, long delayMs);

    [LoggerMessage(EventId = 1221, Level = LogLevel.Warning, Message = "Canary {From} -> {To} failed: {Reason}")]
    public static partial void ProbeFailed(ILogger logger, string from, string to, string reason);
}
