using Hangfire;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Alerts;

/// <summary>Registers the recurring health watch with its cron when the host starts.</summary>
public sealed class HealthSchedule(IRecurringJobManager jobs, IOptions<AlertOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        jobs.AddOrUpdate<HealthWatch>(HealthWatch.RecurringJobId, watch => watch.CheckAsync(CancellationToken.None), options.Value.HealthCron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
