using Cronos;
using Hangfire;
using MailHa.Operations.Jobs;
using MailHa.Operations.Journal;
using MailHa.Operations.Liveness;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Alerts;

/// <summary>
/// Runs the health watch on its cron and the active node's watch every <c>WatchInterval</c> (back to back while a
/// node's streak is pending: <see cref="WatchCadence"/>), on the leading instance
/// only (<see cref="Leadership"/>), so two instances never post the same alert or proposal. Not a Hangfire job: in a
/// shared job store Hangfire would run it on whichever instance dequeued it, leader or not. An instance that takes
/// over from a dead leader runs the health watch at once: the dead leader's last check may be a whole interval old,
/// and a slot that fell while nobody led was missed.
/// </summary>
public sealed partial class HealthSchedule(
    HealthWatch watch,
    ActiveNodeWatch activeNode,
    DownDetector detector,
    Leadership leadership,
    IRecurringJobManager jobs,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<HealthSchedule> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Earlier versions registered the watch as a recurring Hangfire job; a shared job store may still hold it.
        jobs.RemoveIfExists(HealthWatch.RecurringJobId);
        return Task.WhenAll(HealthLoopAsync(stoppingToken), ActiveNodeLoopAsync(stoppingToken));
    }

    private async Task HealthLoopAsync(CancellationToken stoppingToken)
    {
        var cron = CronExpression.Parse(options.Value.HealthCron);
        var takeovers = 0L;
        while (cron.GetNextOccurrence(time.GetUtcNow().UtcDateTime) is { } next)
        {
            using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
            await Task.WhenAny(
                Task.Delay(new DateTimeOffset(next, TimeSpan.Zero) - time.GetUtcNow(), time, waiting.Token),
                leadership.TakeoverAsync(takeovers, waiting.Token));
            await waiting.CancelAsync();
            stoppingToken.ThrowIfCancellationRequested();
            takeovers = leadership.Takeovers;
            await RunAsync(watch.CheckAsync, stoppingToken);
        }
    }

    private async Task ActiveNodeLoopAsync(CancellationToken stoppingToken)
    {
        var next = time.GetUtcNow() + options.Value.WatchInterval;
        while (true)
        {
            var wait = next - time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, stoppingToken);
            }

            stoppingToken.ThrowIfCancellationRequested();
            var started = time.GetUtcNow();
            await RunAsync(activeNode.CheckAsync, stoppingToken);
            next = WatchCadence.Next(started, time.GetUtcNow(), leadership.IsLeader ? detector.NextDecision() : null, options.Value.WatchInterval);
        }
    }

    private async Task RunAsync(Func<CancellationToken, Task> check, CancellationToken stoppingToken)
    {
        if (!leadership.IsLeader)
        {
            return;
        }

        try
        {
            await check(stoppingToken);
        }
        catch (Exception e) when (JournalAvailability.IsUnreachable(e))
        {
            // Logged once per outage by the journal; the watch runs again at its next time (and leads no longer once the lease ran out).
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            WatchFailed(logger, e);
        }
    }

    [LoggerMessage(EventId = 3300, Level = LogLevel.Error, Message = "The health watch failed; it runs again at its next time")]
    private static partial void WatchFailed(ILogger logger, Exception exception);
}
