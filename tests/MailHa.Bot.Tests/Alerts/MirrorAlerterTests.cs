using MailHa.Bot.Alerts;
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

        var raised = _bot.Alerts.Of<MirrorFailed>();
        Assert.Equal([AlertKind.Alert, AlertKind.Reminder, AlertKind.Recovery], raised.Select(r => r.Kind));
        Assert.IsType<RsyncAuthFailed>(raised[0].Alert.Run.Outcome);
        Assert.Equal(TimeSpan.Zero, raised[0].Alert.CopyAge);
        Assert.IsType<Transferred>(raised[^1].Alert.Run.Outcome);
        Assert.Equal(3, _bot.AlertChannel.Posts.Count);
    }

    [Fact]
    public async Task Alert_CarriesTheRunsRefusalOrFailure_WhenARunIsRefusedOrFails()
    {
        MirrorOutcome[] outcomes =
        [
            new SentinelMissing(new NodeName("mail1"), ".mailha-sentinel", "/srv/store"),
            new PullStillRunning(new NodeName("mail2"), "an earlier mirror pull into /srv/store is still running on mail2 (PID 4242)"),
            new MaxDeleteReached(200),
            new StoreFull(new NodeName("mail2"), 11, "rsync: [receiver] write failed on \"/srv/x\": No space left on device (28)"),
        ];
        foreach (var outcome in outcomes)
        {
            await RunAsync(outcome, null);
            await RunAsync(Succeeded, null);
        }

        var raised = _bot.Alerts.Of<MirrorFailed>();
        Assert.Equal(outcomes, raised.Where(r => r.Kind == AlertKind.Alert).Select(r => r.Alert.Run.Outcome));
        Assert.Equal(outcomes.Length, raised.Count(r => r.Kind == AlertKind.Recovery));
    }
}
