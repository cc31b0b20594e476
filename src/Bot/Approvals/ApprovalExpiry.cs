namespace MailHa.Bot.Approvals;

/// <summary>Expires requests nobody decided, and says so in their channel.</summary>
public sealed class ApprovalExpiry(ApprovalService approvals, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(5), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await approvals.ExpireDueAsync(stoppingToken);
        }
    }
}
