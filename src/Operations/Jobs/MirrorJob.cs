using Hangfire;
using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Logging;

namespace MailHa.Operations.Jobs;

/// <summary>
/// The recurring mirror, one Hangfire job per service (<see cref="RecurringJobIdOf"/>); runs of different services'
/// stores go on at once. Safe to re-run: every guard is re-checked on each run. Once per interval
/// across instances: the run claims its cron slot in the journal first, so a scheduler that fires
/// twice (Hangfire's execution is at least once) runs nothing the second time; and the run holds its service's
/// operation lease, renewed while it runs, so two never overlap. No Hangfire lock on top:
/// Hangfire.PostgreSql's distributed locks are not renewed, and a lock row left by a killed instance
/// would make the survivor's runs time out on it until that row expires (ten minutes).
/// </summary>
public sealed partial class MirrorJob(MirrorRunner runner, Leases leases, MailTopology topology, TimeProvider time, ILogger<MirrorJob> logger)
{
    /// <summary>The first service's job (the one pair's, under the name it always had).</summary>
    public const string RecurringJobId = "mailha-mirror";

    /// <summary>The recurring job (and slot claim) of <paramref name="service"/>: the first service keeps <see cref="RecurringJobId"/>.</summary>
    public static string RecurringJobIdOf(MailTopology topology, ServiceName service)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return topology.Services[0].Name == service ? RecurringJobId : $"{RecurringJobId}-{service.Value.ToLowerInvariant()}";
    }

    /// <summary>
    /// One scheduled run of <paramref name="service"/>'s store. The name is a string because Hangfire stores the call's
    /// arguments; a service no longer configured runs nothing.
    /// </summary>
    // No automatic retry: a failed run is reported and the next scheduled run is the retry.
    [AutomaticRetry(Attempts = 0)]
    public async Task<MirrorRun?> RunAsync(string service, CancellationToken cancellationToken)
    {
        if (!topology.TryGetService(new ServiceName(service), out var definition))
        {
            NotConfigured(logger, service);
            return null;
        }

        var slot = Slot(definition.Mirror.Cron, time.GetUtcNow());
        if (!await leases.TryClaimSlotAsync(RecurringJobIdOf(topology, definition.Name), slot, cancellationToken))
        {
            AlreadyRan(logger, slot);
            return null;
        }

        return await runner.RunAsync(new MirrorRequest(definition, "schedule"), cancellationToken);
    }

    /// <summary>The interval <paramref name="now"/> falls in: the newest cron occurrence at or before it.</summary>
    public static DateTimeOffset Slot(string cron, DateTimeOffset now)
    {
        var expression = MirrorCron.Parse(cron);
        foreach (var window in new[] { TimeSpan.FromHours(1), TimeSpan.FromDays(1), TimeSpan.FromDays(32), TimeSpan.FromDays(366) })
        {
            var occurrences = expression.GetOccurrences((now - window).UtcDateTime, now.UtcDateTime, fromInclusive: true, toInclusive: true);
            if (occurrences.LastOrDefault() is var last && last != default)
            {
                return new DateTimeOffset(last, TimeSpan.Zero);
            }
        }

        return now;
    }

    [LoggerMessage(EventId = 1210, Level = LogLevel.Information, Message = "Scheduled mirror for the interval at {Slot:o} already ran (another instance, or a repeated trigger); nothing to do")]
    private static partial void AlreadyRan(ILogger logger, DateTimeOffset slot);

    [LoggerMessage(EventId = 1211, Level = LogLevel.Warning, Message = "Scheduled mirror of service {Service}: no such service is configured any more; nothing to do")]
    private static partial void NotConfigured(ILogger logger, string service);
}
