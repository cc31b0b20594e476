using MailHa.Operations.Journal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Jobs;

/// <summary>
/// Which instance leads: the one holding the journal's <c>leader</c> lease, renewed every third of
/// <c>MailHa:Storage:LeaseDuration</c>. Only the leader runs the health watch and posts its alerts,
/// so nothing is posted twice; when it dies its lease expires and another instance takes over. On
/// SQLite there is one instance, which always leads. A takeover is announced (<see cref="TakeoverAsync"/>):
/// the watches the dead leader ran on a schedule can then run at once instead of at their next time.
/// </summary>
public sealed partial class Leadership(Leases leases, JournalDatabase journal, IOptions<JournalOptions> options, TimeProvider time, ILogger<Leadership> logger) : BackgroundService
{
    public const string LeaseName = "leader";

    private DateTimeOffset _heldUntil = DateTimeOffset.MinValue;
    private TaskCompletionSource _nextTakeover = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _takeovers;
    private bool _refused;

    /// <summary>True while this instance holds an unexpired leader lease.</summary>
    public bool IsLeader => time.GetUtcNow() < _heldUntil;

    /// <summary>
    /// How many times this instance has started leading after another instance held the lease (it was refused at least
    /// once before): takeovers, not the first lease of an instance that led from its start.
    /// </summary>
    public long Takeovers => Interlocked.Read(ref _takeovers);

    /// <summary>Completes once <see cref="Takeovers"/> is above <paramref name="seen"/>: at once if it already is, so none is missed.</summary>
    public Task TakeoverAsync(long seen, CancellationToken cancellationToken)
    {
        // The awaited task is read before the count: a takeover in between completes this very task.
        var next = Volatile.Read(ref _nextTakeover);
        return Takeovers > seen ? Task.CompletedTask : next.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Takes or renews the lease now; true when this instance leads.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken)
    {
        var attemptedAt = time.GetUtcNow();
        var wasLeader = IsLeader;
        var held = await leases.TryHoldAsync(LeaseName, cancellationToken);
        _heldUntil = held ? attemptedAt + options.Value.LeaseDuration : DateTimeOffset.MinValue;
        if (held != wasLeader)
        {
            LeadershipChanged(logger, held);
        }

        if (!held)
        {
            _refused = true;
        }
        else if (!wasLeader && _refused)
        {
            Interlocked.Increment(ref _takeovers);
            Interlocked.Exchange(ref _nextTakeover, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).SetResult();
        }

        return held;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.LeaseDuration / 3, time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (journal.Availability.Unreachable(e) is not null)
            {
                // Logged once per outage by the journal. This instance stops leading when its lease would expire, and
                // leads again (or another does) once a refresh finds the database back.
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Without the database this instance cannot know it still leads: it stops leading when the lease would expire.
                RefreshFailed(logger, e);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        if (IsLeader)
        {
            _heldUntil = DateTimeOffset.MinValue;
            try
            {
                await leases.ReleaseAsync(LeaseName, cancellationToken);
            }
            catch (Exception e) when (JournalAvailability.IsUnreachable(e))
            {
                // The journal is down (already logged): the lease runs out by itself.
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Releasing only spares the other instance the wait: the lease runs out by itself. A journal that
                // cannot be reached at shutdown must not turn a clean stop into a failed one.
                ReleaseFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 1220, Level = LogLevel.Information, Message = "Leadership changed: this instance leads = {Leads}")]
    private static partial void LeadershipChanged(ILogger logger, bool leads);

    [LoggerMessage(EventId = 1221, Level = LogLevel.Warning, Message = "Renewing the leader lease failed")]
    private static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1222, Level = LogLevel.Warning, Message = "Releasing the leader lease at shutdown failed; it expires by itself")]
    private static partial void ReleaseFailed(ILogger logger, Exception exception);
}
