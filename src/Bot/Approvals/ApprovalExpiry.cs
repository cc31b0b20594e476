using MailHa.Operations.Journal;

namespace MailHa.Bot.Approvals;

/// <summary>
/// Expires requests nobody decided, and says so in their channel. While the journal is unreachable nothing expires (it
/// could not be recorded): the requests stay pending and those past their time expire once it answers again.
/// </summary>
public sealed class ApprovalExpiry(ApprovalService approvals, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await approvals.ExpireDueAsync(stoppingToken);
            }
            catch (Exception e) when (JournalAvailability.IsUnreachable(e))
            {
                // Logged once per outage by the journal. Before, this escaped and stopped the whole host.
            }
        }
    }
}
