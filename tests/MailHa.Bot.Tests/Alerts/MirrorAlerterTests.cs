using MailHa.Bot.Tests.Approvals;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Alerts;

public sealed class MirrorAlerterTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    private static readonly MirrorOutcome Succeeded = new Transferred(0);

    private static readonly MirrorOutcome AuthFailed = new RsyncAuthFailed(5, "@ERROR: auth failed on module msgstore");

    private async Task RunAsync(MirrorOutcome outcome, MirrorRun? previous)
    {
        var now = _bot.Time.GetUtcNow();
        var run = new MirrorRun(_bot.Service.Name, 1, now, now, "schedule", new NodeName("mail1"), new NodeName("mail2"), 1, outcome, outcome is RsyncAuthFailed ? 5 : null, null);
        var history = _bot.Services.GetRequiredService<MirrorHistory>();
        var recorded = await history.RecordAsync(run, TestContext.Current.CancellationToken);
        foreach (var observer in _bot.Services.GetServices<IMirrorObserver>())
        {
            await observer.OnRunCompletedAsync(new MirrorRunCompleted(recorded, previous), TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Failures_PostOneAlertThenAReminderThenOneRecovery()
    {
        await RunAsync(Succeeded, null);
        await RunAsync(AuthFailed, null);
        await RunAsync(AuthFailed, null);
        _bot.Time.Advance(TimeSpan.FromMinutes(30));
        await RunAsync(AuthFailed, null);
        _bot.Time.Advance(TimeSpan.FromMinutes(31));
        await RunAsync(AuthFailed, null);
        await RunAsync(Succeeded, null);
        await RunAsync(Succeeded, null);

        var titles = _bot.AlertChannel.Posts.Select(p => p.Content.Title).ToList();
        Assert.Collection(
            titles,
            t => Assert.StartsWith("🚨 Mirror FAILED", t, StringComparison.Ordinal),
            t => Assert.StartsWith("⏰ Still failing", t, StringComparison.Ordinal),
            t => Assert.StartsWith("✅ Mirror recovered", t, StringComparison.Ordinal));
        var alert = _bot.AlertChannel.Posts[0].Content;
        Assert.Contains(alert.Sections, s => s.Text.Contains("auth failed", StringComparison.Ordinal));
        Assert.Contains(alert.Sections, s => s.Text.StartsWith("Mirror age:", StringComparison.Ordinal));
        Assert.Contains(alert.Sections, s => s.Text.StartsWith("What to do:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Alert_TellsToCheckTheSourceStore_WhenTheSentinelIsMissing()
    {
        await RunAsync(new SentinelMissing(new NodeName("mail1"), ".mailha-sentinel", "/srv/store"), null);

        var alert = Assert.Single(_bot.AlertChannel.Posts).Content;
        Assert.Contains(alert.Sections, s => s.Text.StartsWith("Refused: the source store on mail1 has no .mailha-sentinel", StringComparison.Ordinal));
        Assert.Contains(alert.Sections, s => s.Text.Contains("looks unmounted or emptied", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Alert_NamesTheEarlierPullAndWhereToKillIt_WhenAPullStillRunsOnTheStandby()
    {
        await RunAsync(new PullStillRunning(new NodeName("mail2"), "an earlier mirror pull into /srv/store is still running on mail2 (PID 4242)"), null);

        var alert = Assert.Single(_bot.AlertChannel.Posts).Content;
        Assert.Contains(alert.Sections, s => s.Text.StartsWith("Refused: an earlier mirror pull into /srv/store is still running on mail2 (PID 4242)", StringComparison.Ordinal));
        Assert.Contains(alert.Sections, s => s.Text.StartsWith("What to do: usually nothing", StringComparison.Ordinal) && s.Text.Contains("kill it on mail2 by the PID", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Alert_TellsToCheckTheSourceStore_WhenMaxDeleteIsReached()
    {
        await RunAsync(new MaxDeleteReached(200), null);

        var alert = Assert.Single(_bot.AlertChannel.Posts).Content;
        Assert.Contains(alert.Sections, s => s.Text.Contains("lost many files", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Alert_SaysTheStandbysStoreIsFullAndNothingWasDeleted_WhenTheStoreIsFull()
    {
        await RunAsync(new StoreFull(new NodeName("mail2"), 11, "rsync: [receiver] write failed on \"/srv/x\": No space left on device (28)"), null);

        var alert = Assert.Single(_bot.AlertChannel.Posts).Content;
        Assert.StartsWith("🚨 Mirror FAILED", alert.Title, StringComparison.Ordinal);
        Assert.Contains(alert.Sections, s => s.Text.StartsWith("Failed: mail2's store file system is full", StringComparison.Ordinal));
        Assert.Contains(alert.Sections, s => s.Text.StartsWith("What to do: free space on mail2's store file system", StringComparison.Ordinal) && s.Text.Contains("deleted nothing", StringComparison.Ordinal));
    }
}
