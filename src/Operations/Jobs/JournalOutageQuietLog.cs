using Hangfire.Logging;
using MailHa.Operations.Journal;

namespace MailHa.Operations.Jobs;

/// <summary>
/// Hangfire's logging, less what it says about a database it cannot reach. Without PostgreSQL every Hangfire process
/// (the server heartbeat, each worker, the schedulers) logs each retry with a stack trace, a warning or an error every
/// few seconds for as long as the outage lasts; the journal already says it once and says when it is back, and Hangfire
/// retries by itself (its processes back off and resume), so those entries are dropped. Everything else passes.
/// </summary>
public sealed class JournalOutageQuietLog(ILogProvider inner) : ILogProvider
{
    public ILog GetLogger(string name) => new Quiet(inner.GetLogger(name));

    private sealed class Quiet(ILog inner) : ILog
    {
        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) =>
            exception is not null && messageFunc is not null && JournalAvailability.IsUnreachable(exception)
                || inner.Log(logLevel, messageFunc, exception);
    }
}
