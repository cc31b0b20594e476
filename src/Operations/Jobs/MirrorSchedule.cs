using Hangfire;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Hosting;

namespace MailHa.Operations.Jobs;

/// <summary>Registers (or removes) the recurring mirror job with the configured cron when the host starts.</summary>
public sealed class MirrorSchedule(IRecurringJobManager jobs, MailTopology topology) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (topology.OnlyService.Mirror.ScheduleEnabled)
        {
            jobs.AddOrUpdate<MirrorJob>(
                MirrorJob.RecurringJobId,
                job => job.RunAsync(CancellationToken.None),
                topology.OnlyService.Mirror.Cron,
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
