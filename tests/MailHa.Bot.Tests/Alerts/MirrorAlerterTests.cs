using MailHa.Bot.Tests.Approvals;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Alerts;

public sealed class MirrorAlerterTests : IDisposable
{
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    private async Task RunAsync(MirrorOutcome outcome, MirrorRun? previous)
    {
        var now = _bot.Time.GetUtcNow();
        var run = new MirrorRun(1, now, now, "schedule", new NodeName("mail1"), new NodeName("mail2"), 1, outcome, outcome == MirrorOutcome.Failed ? 5 : 0,
            outcome == MirrorOutcome.Failed ? "rsync exit 5: @ERROR: auth failed on module msgstore" : "", null);
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
        await RunAsync(MirrorOutcome.Succeeded, null);
        await RunAsync(MirrorOutcome.Failed, null);
        await RunAsync(MirrorOutcome.Failed, null);
        _bot.Time.Advance(TimeSpan.FromMinutes(30));
        await RunAsync(MirrorOutcome.Failed, null);
        _bot.Time.Advance(TimeSpan.FromMinutes(31));
        await RunAsync(MirrorOutcome.Failed, null);
        await RunAsync(MirrorOutcome.Succeeded, null);
        await RunAsync(MirrorOutcome.Succeeded, null);

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
}
