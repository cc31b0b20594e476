using Hangfire;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Hosting;

namespace MailHa.Operations.Jobs;

/// <summary>Registers (or removes) each service's recurring mirror job with its configured cron when the host starts.</summary>
public sealed class MirrorSchedule(IRecurringJobManager jobs, MailTopology topology) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var service in topology.Services)
        {
            var id = MirrorJob.RecurringJobIdOf(topology, service.Name);
            var name = service.Name.Value;
            if (service.Mirror.ScheduleEnabled)
            {
                jobs.AddOrUpdate<MirrorJob>(
                    id,
                    job => job.RunAsync(name, CancellationToken.None),
                    service.Mirror.Cron,
                    new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            }
            else
            {
                jobs.RemoveIfExists(id);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
