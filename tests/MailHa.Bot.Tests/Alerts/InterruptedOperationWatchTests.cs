using MailHa.Bot.Alerts;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.Tests.Approvals;
using MailHa.Operations.Topology;
using MailHa.Operations.Failover;
using MailHa.Operations.Jobs;
using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Bot.Tests.Monitoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Tests.Alerts;

/// <summary>
/// An operation whose process died is announced once, with a Resume button that is an ordinary request: a second
/// person approves it, then it continues where it stopped. A restart neither repeats the alert nor resumes anything.
/// </summary>
public sealed class InterruptedOperationWatchTests : IDisposable
{
    private const string OperationId = "switchover-20261125-115500-1a2b";
    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Check_PostsOneAlertWithAResumeButton_WhenAnOperationWasInterrupted()
    {
        await InterruptAfterPreflightAsync();

        await Watch().CheckAsync(Token);
        await Watch().CheckAsync(Token);

        var alert = Assert.Single(_bot.AlertChannel.Posts).Content;
        var (raised, kind) = Assert.Single(_bot.Alerts.Of<OperationInterrupted>());
        Assert.Equal((OperationId, OperationKind.Switchover, "preflight", AlertKind.Alert), (raised.Operation?.Id, raised.Operation?.Kind, raised.Operation?.LastCompletedStep, kind));
        var resume = Assert.Single(alert.Actions);
        Assert.Equal(new CardAction.ResumeOperation(OperationId), resume.Action);
        Assert.Equal("mail1", _bot.Nodes.VipHolder);
    }

    [Fact]
    public void Next_LooksJustAfterTheEarliestLeaseRunsOut_WhenThatComesBeforeTheNextPeriod()
    {
        var started = DateTimeOffset.UnixEpoch;
        var finished = started + TimeSpan.FromSeconds(2);
        var interval = new AlertOptions().InterruptedWatchInterval;

        Assert.Equal(TimeSpan.FromSeconds(15), interval);
        Assert.Equal(started + TimeSpan.FromSeconds(6) + InterruptedOperationWatch.AfterExpiry,
            InterruptedOperationWatch.Next(started, finished, started + TimeSpan.FromSeconds(6), interval));
        Assert.Equal(started + interval, InterruptedOperationWatch.Next(started, finished, started + TimeSpan.FromMinutes(1), interval));
        Assert.Equal(started + interval, InterruptedOperationWatch.Next(started, finished, null, interval));
    }

    [Fact]
    public void Next_LooksOneConfiguredIntervalLater_WhenNoLeaseRunsOutBefore()
    {
        var started = DateTimeOffset.UnixEpoch;

        Assert.Equal(started + TimeSpan.FromSeconds(2), InterruptedOperationWatch.Next(started, started, null, TimeSpan.FromSeconds(2)));
        Assert.Equal(started + TimeSpan.FromSeconds(2), InterruptedOperationWatch.Next(started, started, started + TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(2)));
    }

    [Theory]
    [InlineData("00:00:00.500")]
    [InlineData("00:00:00")]
    [InlineData("-00:00:15")]
    [InlineData("01:00:01")]
    public async Task Start_IsRefusedNamingTheKey_WhenTheIntervalIsOutOfRange(string value)
    {
        var started = new StartRecorder();

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => MonitoringHost.StartAsync(
            s => s["MailHa:Alerts:InterruptedWatchInterval"] = value,
            s => s.AddSingleton<IHostedService>(started)));

        var failure = Assert.Single(refused.Failures);
        Assert.Contains("MailHa:Alerts:InterruptedWatchInterval", failure, StringComparison.Ordinal);
        Assert.Contains("00:00:01", failure, StringComparison.Ordinal);
        Assert.False(started.Started, "a hosted service started although the configuration was refused");
    }

    [Fact]
    public async Task Start_LooksAtTheConfiguredInterval_WhenTheIntervalIsSet()
    {
        await using var host = await MonitoringHost.StartAsync(s => s["MailHa:Alerts:InterruptedWatchInterval"] = "00:00:02");

        Assert.Equal(TimeSpan.FromSeconds(2), host.Services.GetRequiredService<IOptions<AlertOptions>>().Value.InterruptedWatchInterval);
    }

    [Fact]
    public void Next_IsNeverBeforeTheLookEnded_WhenALeaseRanOutDuringIt()
    {
        var started = DateTimeOffset.UnixEpoch;
        var finished = started + TimeSpan.FromSeconds(20);

        Assert.Equal(finished, InterruptedOperationWatch.Next(started, finished, started - TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Check_DoesNotRepeatTheAlert_WhenTheBotRestarts()
    {
        await InterruptAfterPreflightAsync();
        await Watch().CheckAsync(Token);

        _bot.Restart();
        await Watch().CheckAsync(Token);

        Assert.Single(_bot.AlertChannel.Posts);
        Assert.Equal("mail1", _bot.Nodes.VipHolder);
        Assert.DoesNotContain(_bot.Nodes.Commands, c => c.EndsWith(":ip-addr-del", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resume_FinishesTheOperationOnceASecondPersonApproves_AndTheAlertRecovers()
    {
        await InterruptAfterPreflightAsync();
        await Watch().CheckAsync(Token);

        await _bot.ClickAsync(BotHarness.Slack("alice"), new CardAction.ResumeOperation(OperationId), _bot.AlertChannel);
        var pending = Assert.Single(await _bot.Services.GetRequiredService<ApprovalService>().PendingAsync(Token));
        await _bot.ClickAsync(BotHarness.Teams("bob"), new CardAction.Approve(pending.Id), _bot.Conversation("teams:c"));
        await _bot.AlertChannel.WaitForAsync(m => m.Title.EndsWith(": SUCCEEDED", StringComparison.Ordinal) || m.Title.EndsWith(": FAILED", StringComparison.Ordinal), Wait.Token());
        await Watch().CheckAsync(Token);

        Assert.Equal([ReplyOutcome.Pending, ReplyOutcome.Approved], _bot.Outcomes.Seen);
        Assert.Equal(("resume", "alice"), (pending.Approvable.Verb, pending.Requester.Name));
        Assert.Equal("mail2", _bot.Nodes.VipHolder);
        Assert.Empty(await _bot.Services.GetRequiredService<OperationJournal>().UnfinishedAsync(Token));
        var (recovered, recovery) = _bot.Alerts.Of<OperationInterrupted>()[^1];
        Assert.Equal(((InterruptedOperation?)null, AlertKind.Recovery), (recovered.Operation, recovery));
    }

    [Fact]
    public async Task Resume_IsRefused_WhenTheOperationIsNotInterrupted()
    {
        await _bot.ClickAsync(BotHarness.Slack("alice"), new CardAction.ResumeOperation(OperationId), _bot.AlertChannel);

        Assert.Equal(ReplyOutcome.Refused, _bot.Outcomes.Last);
        Assert.Empty(await _bot.Services.GetRequiredService<ApprovalService>().PendingAsync(Token));
    }

    [Fact]
    public async Task Check_PostsOneAlertWithoutAButtonAndThenTheRecovery_WhenAMirrorRunDiedMidPull()
    {
        await _bot.Services.GetRequiredService<OperationLock>().TryAcquireAsync(_bot.Service.Name, "mirror-1", MirrorRunner.LeaseKind, "schedule", Token);
        _bot.Time.Advance(TimeSpan.FromMinutes(1)); // its instance stopped renewing: the lease expired

        await Watch().CheckAsync(Token);
        await Watch().CheckAsync(Token);
        var alert = Assert.Single(_bot.AlertChannel.Posts).Content;
        await _bot.Services.GetRequiredService<MirrorHistory>().RecordAsync(
            new MirrorRun(_bot.Service.Name, 0, _bot.Time.GetUtcNow(), _bot.Time.GetUtcNow(), "schedule", new NodeName("mail1"), new NodeName("mail2"), 1, new Transferred(0), 0, null), Token);
        await Watch().CheckAsync(Token);

        Assert.Collection(
            _bot.Alerts.Of<MirrorRunInterrupted>(),
            first => Assert.Equal(("mirror-1", AlertKind.Alert), (first.Alert.Run?.Id, first.Kind)),
            recovered => Assert.Equal(((InterruptedMirror?)null, AlertKind.Recovery), (recovered.Alert.Run, recovered.Kind)));
        Assert.Empty(alert.Actions);
        Assert.Equal(2, _bot.AlertChannel.Posts.Count);
    }

    /// <summary>A switchover whose process died right after its preflight: in the journal, holding no lease.</summary>
    private async Task InterruptAfterPreflightAsync()
    {
        var journal = _bot.Services.GetRequiredService<OperationJournal>();
        var started = _bot.Time.GetUtcNow();
        await journal.StartAsync(
            new OperationRecord(_bot.Service.Name, OperationId, OperationKind.Switchover, new NodeName("mail1"), new NodeName("mail2"), 1, "alice", "bob", OperationJournal.Running, started, new HashSet<string>()),
            FailoverOverrides.None.ToString(),
            Token);
        await journal.StepAsync(OperationId, "preflight", StepState.Done, "checks passed", Token);
    }

    /// <summary>The watch as the leading instance runs it.</summary>
    private InterruptedOperationWatch Watch() =>
        ActivatorUtilities.CreateInstance<InterruptedOperationWatch>(_bot.Services, ActivatorUtilities.CreateInstance<Leadership>(_bot.Services));

    /// <summary>Says whether the host got as far as starting its hosted services.</summary>
    private sealed class StartRecorder : IHostedService
    {
        public bool Started { get; private set; }

        public Task StartAsync(CancellationToken cancellationToken)
        {
            Started = true;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
