using Hangfire;
using Hangfire.Common;
using MailHa.Bot.Alerts;
using MailHa.Bot.Tests.Approvals;
using MailHa.Operations.Jobs;
using MailHa.Operations.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Tests.Alerts;

public sealed class HealthScheduleTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Schedule_RunsTheHealthWatchAtOnce_WhenThisInstanceTakesOverFromADeadLeader()
    {
        _bot.Nodes.SplitBrain = true;
        // Another instance leads, then dies (it renews no more).
        var other = new Leases(_bot.Services.GetRequiredService<JournalDatabase>(), new InstanceIdentity(), _bot.Services.GetRequiredService<IOptions<JournalOptions>>(), _bot.Time);
        await other.TryHoldAsync(Leadership.LeaseName, Token);
        var leadership = ActivatorUtilities.CreateInstance<Leadership>(_bot.Services);
        using var schedule = ActivatorUtilities.CreateInstance<HealthSchedule>(_bot.Services, leadership, new NoRecurringJobs());
        await schedule.StartAsync(Token);

        var ledWhileAlive = await leadership.RefreshAsync(Token);
        _bot.Time.Advance(TimeSpan.FromSeconds(31)); // the lease expired; the health watch's next slot is minutes away
        var tookOver = await leadership.RefreshAsync(Token);
        await _bot.AlertChannel.WaitForAsync(_ => true, Wait.Token());
        await schedule.StopAsync(Token);

        Assert.False(ledWhileAlive);
        Assert.True(tookOver);
        Assert.Single(_bot.AlertChannel.Posts);
        Assert.IsType<SplitBrain>(Assert.Single(_bot.Alerts.Seen).Alert);
    }

    /// <summary>No job store here: the schedule only removes the watch's old recurring job.</summary>
    private sealed class NoRecurringJobs : IRecurringJobManager
    {
        public void AddOrUpdate(string recurringJobId, Job job, string cronExpression, RecurringJobOptions options) => throw new NotSupportedException();

        public void Trigger(string recurringJobId) => throw new NotSupportedException();

        public void RemoveIfExists(string recurringJobId)
        {
        }
    }
}
