using MailHa.Operations.Jobs;
using MailHa.Operations.Journal;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Alerts;

/// <summary>
/// Tells the team when an operation was interrupted (its process was killed, or its instance died and the lease ran
/// out): mail may be down while nothing runs. The leading instance looks every
/// <see cref="AlertOptions.InterruptedWatchInterval"/> (15 s by default), so the alert comes right after a restart or
/// a takeover, and posts it once per streak (kept in the journal, so a restart does
/// not repeat it), with a Resume button: pressing it is a request like any other, which a second person approves
/// on the plan as it looks then. Nothing resumes by itself: the world may have changed since the operation stopped.
/// A mirror run that died mid-pull is told the same way, without a button: a pull is safe to repeat and needs no
/// approval, so the next scheduled run resumes it, or anyone with the Request role runs it now.
/// </summary>
public sealed class InterruptedOperationWatch(
    InterruptedWork work,
    Leadership leadership,
    AlertTracker tracker,
    AlertPoster poster,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<InterruptedOperationWatch> logger) : BackgroundService
{
    public const string Problem = "interrupted-operation";

    public const string MirrorProblem = "interrupted-mirror";

    /// <summary>
    /// Looks once, and says when the first lease that still covers an operation or a mirror run would run out (null: none
    /// is held): if its holder died, that operation is interrupted from that moment on, so the watch looks again then
    /// instead of up to a whole interval later (<see cref="Next"/>).
    /// </summary>
    public async Task<DateTimeOffset?> CheckAsync(CancellationToken cancellationToken)
    {
        await CheckOperationAsync(cancellationToken);
        await CheckMirrorAsync(cancellationToken);
        return await work.EarliestExpiryAsync(cancellationToken);
    }

    /// <summary>How long after a lease's expiry the watch looks: the holder's own clock and the journal's may differ a little.</summary>
    public static readonly TimeSpan AfterExpiry = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When the leading instance looks next, given when the last look <paramref name="started"/>: one <paramref name="interval"/>
    /// later, or just after the earliest live lease runs out when that comes first (a holder killed mid-operation is then
    /// told within the lease, not the lease plus a period). Never before <paramref name="finished"/>.
    /// </summary>
    public static DateTimeOffset Next(DateTimeOffset started, DateTimeOffset finished, DateTimeOffset? earliestExpiry, TimeSpan interval)
    {
        var next = started + interval;
        if (earliestExpiry is { } expiry && expiry + AfterExpiry < next)
        {
            next = expiry + AfterExpiry;
        }

        return next > finished ? next : finished;
    }

    private async Task CheckMirrorAsync(CancellationToken cancellationToken)
    {
        var interrupted = await work.MirrorAsync(cancellationToken);
        var kind = await tracker.ObserveAsync(MirrorProblem, interrupted is not null, cancellationToken);
        if (kind == AlertKind.None)
        {
            return;
        }

        await poster.RaiseAsync(new MirrorRunInterrupted(interrupted), kind, cancellationToken);
    }

    private async Task CheckOperationAsync(CancellationToken cancellationToken)
    {
        var interrupted = await work.OperationAsync(cancellationToken);
        var kind = await tracker.ObserveAsync(Problem, interrupted is not null, cancellationToken);
        if (kind == AlertKind.None)
        {
            return;
        }

        // Only when it is said: the VIP as it is now, from both nodes.
        if (interrupted is not null)
        {
            interrupted = await work.WithVipNowAsync(interrupted, cancellationToken);
        }

        await poster.RaiseAsync(new OperationInterrupted(interrupted), kind, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Looks every InterruptedWatchInterval, just after a live lease would run out, and at once when this instance
        // takes the lead over from a dead leader (whose watch would have told).
        var takeovers = 0L;
        var next = time.GetUtcNow();
        while (true)
        {
            var wait = next - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                await Task.WhenAny(Task.Delay(wait, time, waiting.Token), leadership.TakeoverAsync(takeovers, waiting.Token));
                await waiting.CancelAsync();
            }

            stoppingToken.ThrowIfCancellationRequested();
            takeovers = leadership.Takeovers;
            var started = time.GetUtcNow();
            DateTimeOffset? expiry = null;
            if (leadership.IsLeader)
            {
                try
                {
                    expiry = await CheckAsync(stoppingToken);
                }
                catch (Exception e) when (JournalAvailability.IsUnreachable(e))
                {
                    // Logged once per outage by the journal; looked at again at the next tick.
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    AlertLog.WatchFailed(logger, Problem, e);
                }
            }

            next = Next(started, time.GetUtcNow(), expiry, options.Value.InterruptedWatchInterval);
        }
    }
}
