using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace MailHa.Operations.Journal;

/// <summary>
/// Whether the journal's database answers, as the last attempt found it. Every failure that means "cannot reach
/// PostgreSQL" (refused or lost connection, the server shutting down or starting up) starts or continues one
/// <see cref="JournalUnreachable"/> outage; any SQL error is a bug and stays an exception. An outage is logged once
/// (a warning when it begins) and ends with one line when a connection succeeds again; in between, callers at the edges
/// turn the failure into the outage (<see cref="Unreachable"/>) and log nothing more. While it lasts one attempt at a
/// time goes to the database and the others fail at once with the outage, so a cut network (a connect timeout, not a
/// refusal) holds no request longer than that one attempt. SQLite is a local file: it is never unreachable.
/// </summary>
public sealed partial class JournalAvailability
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Action _outageStarted;
    private JournalUnreachable? _outage;
    private bool _probing;

    internal JournalAvailability(TimeProvider time, ILogger logger, Action outageStarted)
    {
        _time = time;
        _logger = logger;
        _outageStarted = outageStarted;
    }

    /// <summary>The outage under way, or null while the journal answers.</summary>
    public JournalUnreachable? Outage
    {
        get
        {
            lock (_gate)
            {
                return _outage;
            }
        }
    }

    /// <summary>
    /// The outage <paramref name="exception"/> means (beginning one if none is under way), or null when it is not a
    /// failure to reach the database: a caller catches with <c>when (journal.Availability.Unreachable(e) is { } outage)</c>.
    /// </summary>
    public JournalUnreachable? Unreachable(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is JournalUnreachableException known)
        {
            return Outage ?? known.Outage;
        }

        if (ConnectionFailure(exception) is not { } reason)
        {
            return null;
        }

        JournalUnreachable outage;
        lock (_gate)
        {
            if (_outage is { } current)
            {
                return current;
            }

            outage = new JournalUnreachable(_time.GetUtcNow(), reason);
            _outage = outage;
        }

        OutageBegan(_logger, reason);
        _outageStarted();
        return outage;
    }

    /// <summary>
    /// Whether <paramref name="exception"/> is a failure to reach the journal, for a background loop that only needs to stay
    /// quiet about it (the outage is logged once, by whoever meets it through <see cref="JournalDatabase"/>).
    /// </summary>
    public static bool IsUnreachable(Exception exception) =>
        exception is JournalUnreachableException || (exception is not null && ConnectionFailure(exception) is not null);

    /// <summary>What <paramref name="read"/> found, or null when the journal could not be reached: for a report that shows what it can.</summary>
    public static async Task<T?> OrNullAsync<T>(Task<T> read)
        where T : class?
    {
        ArgumentNullException.ThrowIfNull(read);
        try
        {
            return await read;
        }
        catch (Exception e) when (IsUnreachable(e))
        {
            return null;
        }
    }

    /// <summary>A connection was opened: ends the outage under way, if any, with one line.</summary>
    internal void Answered()
    {
        JournalUnreachable? ended;
        lock (_gate)
        {
            ended = _outage;
            _outage = null;
        }

        if (ended is not null)
        {
            var lasted = _time.GetUtcNow() - ended.Since;
            OutageEnded(_logger, lasted, ended.Since);
        }
    }

    /// <summary>
    /// Whether this caller may try the database now: always while it answers; during an outage only when no other
    /// attempt is under way (then the caller must call <see cref="EndAttempt"/>). False: fail at once with <paramref name="outage"/>.
    /// </summary>
    internal bool TryBeginAttempt(out JournalUnreachable? outage, out bool probing)
    {
        lock (_gate)
        {
            outage = _outage;
            probing = false;
            if (_outage is null)
            {
                return true;
            }

            if (_probing)
            {
                return false;
            }

            _probing = probing = true;
            return true;
        }
    }

    internal void EndAttempt()
    {
        lock (_gate)
        {
            _probing = false;
        }
    }

    /// <summary>
    /// The driver's words when <paramref name="exception"/> is a failure to reach PostgreSQL (a refused, reset or timed-out
    /// connection; the server shutting down, crashed or still starting); null for anything else (a SQL error is a bug).
    /// </summary>
    internal static string? ConnectionFailure(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                // Class 08: connection exceptions; 57P01-03: administrator shutdown, crash shutdown, cannot connect now (starting up).
                case PostgresException p when p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow:
                    return p.MessageText;
                case PostgresException:
                    return null;
                case NpgsqlException { InnerException: SocketException socket } n:
                    return $"{n.Message} ({socket.Message})";
                case NpgsqlException { IsTransient: true } n:
                    return n.InnerException is { } inner ? $"{n.Message} ({inner.Message})" : n.Message;
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 1290, Level = LogLevel.Warning, Message = "The journal (PostgreSQL) is unreachable: {Reason}. Status answers from the nodes; operations, approvals and mirror control are refused until it answers again (logged once per outage)")]
    private static partial void OutageBegan(ILogger logger, string reason);

    [LoggerMessage(EventId = 1291, Level = LogLevel.Information, Message = "The journal (PostgreSQL) answers again after {Duration:c} (unreachable since {Since:u}); operations and approvals are accepted again")]
    private static partial void OutageEnded(ILogger logger, TimeSpan duration, DateTimeOffset since);
}
