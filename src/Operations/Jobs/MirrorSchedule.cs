using Hangfire;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Hosting;

namespace MailHa.Operations.Jobs;

/// <summary>Registers (or removes) each service's recurring mirror job with its configured cron when the host starts.</summary>
public sealed class MirrorSchedule(IRecurringJobManager jobs, MailTopology topology) : IHostedService
{
    /// <summary>Hangfire's own: how often its scheduler looks for recurring jobs that are due.</summary>
    public static readonly TimeSpan MinutesPollInterval = TimeSpan.FromSeconds(15);

    /// <summary>How often it looks when a service's cron has seconds (<see cref="MirrorCron"/>): a run then starts within a second of its time.</summary>
    public static readonly TimeSpan SecondsPollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often Hangfire's scheduler looks for due recurring jobs: Hangfire's 15 s while every cron is of whole minutes
    /// (a run starts at most that late in an interval of a minute or more), every second once a cron has seconds.
    /// </summary>
    public static TimeSpan PollInterval(MailTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return topology.Services.Any(s => s.Mirror.ScheduleEnabled && MirrorCron.HasSeconds(s.Mirror.Cron)) ? SecondsPollInterval : MinutesPollInterval;
    }

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
