using Cronos;
using Hangfire;
using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Logging;

namespace MailHa.Operations.Jobs;

/// <summary>
/// The recurring mirror. Safe to re-run: every guard is re-checked on each run. Once per interval
/// across instances: the run claims its cron slot in the journal first, so a scheduler that fires
/// twice (Hangfire's execution is at least once) runs nothing the second time; and the run holds the
/// journal's operation lease, renewed while it runs, so two never overlap. No Hangfire lock on top:
/// Hangfire.PostgreSql's distributed locks are not renewed, and a lock row left by a killed instance
/// would make the survivor's runs time out on it until that row expires (ten minutes).
/// </summary>
public sealed partial class MirrorJob(MirrorRunner runner, Leases leases, MailTopology topology, TimeProvider time, ILogger<MirrorJob> logger)
{
    public const string RecurringJobId = "mailha-mirror";

    // No automatic retry: a failed run is reported and the next scheduled run is the retry.
    [AutomaticRetry(Attempts = 0)]
    public async Task<MirrorRun?> RunAsync(CancellationToken cancellationToken)
    {
        var slot = Slot(topology.OnlyService.Mirror.Cron, time.GetUtcNow());
        if (!await leases.TryClaimSlotAsync(RecurringJobId, slot, cancellationToken))
        {
            AlreadyRan(logger, slot);
            return null;
        }

        return await runner.RunAsync(new MirrorRequest("schedule"), cancellationToken);
    }

    /// <summary>The interval <paramref name="now"/> falls in: the newest cron occurrence at or before it.</summary>
    public static DateTimeOffset Slot(string cron, DateTimeOffset now)
    {
        var expression = CronExpression.Parse(cron);
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
}
