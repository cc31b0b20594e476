using Hangfire;
using MailHa.Operations.Mirror;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Jobs;

/// <summary>Registers (or removes) the recurring mirror job with the configured cron when the host starts.</summary>
public sealed class MirrorSchedule(IRecurringJobManager jobs, IOptions<MirrorOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.ScheduleEnabled)
        {
            jobs.AddOrUpdate<MirrorJob>(
                MirrorJob.RecurringJobId,
                job => job.RunAsync(CancellationToken.None),
                options.Value.Cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        else
        {
            jobs.RemoveIfExists(MirrorJob.RecurringJobId);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
