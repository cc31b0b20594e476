using Cronos;
using MailHa.Bot.Chat;
using MailHa.Operations.Audit;
using MailHa.Operations.Jobs;
using MailHa.Operations.Journal;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Alerts;

/// <summary>
/// Posts the audit chain's head (<see cref="AuditHead"/>) to every alert channel once a day (<c>AuditHeadCron</c>,
/// UTC), so a copy lives outside the database: a later full rewrite of the chain no longer extends it
/// (<c>mailha audit verify --head</c>). The leading instance posts (<see cref="Leadership"/>), and it first claims the
/// day's slot in the journal, so one post goes out per day when two instances run, even across a change of leader.
/// </summary>
public sealed partial class AuditHeadPost(
    AuditLog audit,
    AlertPoster poster,
    Leadership leadership,
    Leases leases,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AuditHeadPost> logger) : BackgroundService
{
    public const string SlotName = "mailha-audit-head";

    /// <summary>Posts the head for <paramref name="slot"/>; false when this instance does not lead or the slot was already posted.</summary>
    public async Task<bool> PostAsync(DateTimeOffset slot, CancellationToken cancellationToken)
    {
        if (!leadership.IsLeader || !await leases.TryClaimSlotAsync(SlotName, slot, cancellationToken))
        {
            return false;
        }

        var head = await audit.HeadAsync(cancellationToken);
        await poster.PostAsync(Message(head), cancellationToken);
        return true;
    }

    /// <summary>The daily post: the head and how to check it later, or that nothing was recorded yet.</summary>
    public static ChatMessage Message(AuditHead? head) => ChatMessage.Text(
        "Audit chain head",
        head is null ? "The audit trail is empty: nothing to keep yet." : $"{head.Describe()} Keep this line where the database's administrators cannot change it.");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cron = CronExpression.Parse(options.Value.AuditHeadCron);
        while (cron.GetNextOccurrence(time.GetUtcNow().UtcDateTime) is { } next)
        {
            var slot = new DateTimeOffset(next, TimeSpan.Zero);
            var wait = slot - time.GetUtcNow();
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, time, stoppingToken);
            try
            {
                await PostAsync(slot, stoppingToken);
            }
            catch (Exception e) when (JournalAvailability.IsUnreachable(e))
            {
                // Logged once per outage by the journal; the head is posted at the next slot.
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                PostFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 3310, Level = LogLevel.Error, Message = "Posting the audit chain's head failed; it is posted again at its next time")]
    private static partial void PostFailed(ILogger logger, Exception exception);
}
