using Cronos;
using Hangfire;
using MailHa.Operations.Jobs;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Alerts;

/// <summary>
/// Runs the health watch on its cron, on the leading instance only (<see cref="Leadership"/>), so
/// two instances never post the same alert. Not a Hangfire job: in a shared job store Hangfire
/// would run it on whichever instance dequeued it, leader or not.
/// </summary>
public sealed partial class HealthSchedule(
    HealthWatch watch,
    Leadership leadership,
    IRecurringJobManager jobs,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<HealthSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Earlier versions registered the watch as a recurring Hangfire job; a shared job store may still hold it.
        jobs.RemoveIfExists(HealthWatch.RecurringJobId);
        var cron = CronExpression.Parse(options.Value.HealthCron);
        while (cron.GetNextOccurrence(time.GetUtcNow().UtcDateTime) is { } next)
        {
            await Task.Delay(new DateTimeOffset(next, TimeSpan.Zero) - time.GetUtcNow(), time, stoppingToken);
            if (!leadership.IsLeader)
            {
                continue;
            }

            try
            {
                await watch.CheckAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                WatchFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 3300, Level = LogLevel.Error, Message = "The health watch failed; it runs again at its next time")]
    private static partial void WatchFailed(ILogger logger, Exception exception);
}
