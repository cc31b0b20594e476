using Hangfire.Logging;
using MailHa.Operations.Journal;

namespace MailHa.Operations.Jobs;

/// <summary>
/// Hangfire's logging, less what it says about a database it cannot reach. Without PostgreSQL every Hangfire process
/// (the server heartbeat, each worker, the schedulers) logs each retry with a stack trace, a warning or an error every
/// few seconds for as long as the outage lasts; the journal already says it once and says when it is back, and Hangfire
/// retries by itself (its processes back off and resume), so those entries are dropped. Everything else passes.
/// </summary>
/// <remarks>
/// Hangfire keeps one log provider for the whole process, the one the last host to configure Hangfire gave it, and
/// asks it for a logger whenever it builds a component. When that host stops while another in the same process runs
/// on (hosts started one after another in one process, as the tests do), its loggers are disposed: asking them would
/// throw from the constructor of the other host's Hangfire component. Entries logged through a stopped host's loggers
/// are dropped instead.
/// </remarks>
public sealed class JournalOutageQuietLog(ILogProvider inner) : ILogProvider
{
    public ILog GetLogger(string name)
    {
        try
        {
            return new Quiet(inner.GetLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return Stopped.Instance;
        }
    }

    private sealed class Quiet(ILog inner) : ILog
    {
        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                return exception is not null && messageFunc is not null && JournalAvailability.IsUnreachable(exception)
                    || inner.Log(logLevel, messageFunc, exception);
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }

    private sealed class Stopped : ILog
    {
        public static readonly Stopped Instance = new();

        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
