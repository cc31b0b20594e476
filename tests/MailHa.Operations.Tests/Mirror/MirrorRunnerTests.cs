using MailHa.Operations.Mirror;
using MailHa.Operations.Ssh;
using MailHa.Operations.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Operations.Tests.Mirror;

public sealed class MirrorRunnerTests : IDisposable
{
    private readonly OperationsHarness _ops = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _ops.Dispose();

    private Task<MirrorRun> RunAsync(MirrorRequest? request = null) =>
        _ops.Get<MirrorRunner>().RunAsync(request ?? new MirrorRequest(_ops.Service, "test"), Token);

    [Fact]
    public async Task RunAsync_CountsTheSourceThenPullsOnTheStandby_WhenEveryGuardPasses()
    {
        var run = await RunAsync();

        Assert.Equal(new Transferred(0), run.Outcome);
        Assert.Equal(100, run.Stats?.RegularFiles);
        Assert.Contains("count-source", _ops.Nodes.CommandsTo("mail1"));
        Assert.DoesNotContain("rsync-pull", _ops.Nodes.CommandsTo("mail1"));
        Assert.Equal("rsync-pull", _ops.Nodes.CommandsTo("mail2")[^1]);
        Assert.Equal(run.Id, (await _ops.Get<MirrorHistory>().LastGoodAsync(_ops.Service.Name, Token))?.Id);
    }

    [Fact]
    public async Task RunAsync_IsRefusedWithoutPulling_WhenTheMirrorIsPaused()
    {
        var paused = await _ops.Get<MirrorControl>().PauseAsync(_ops.Service, "alice", "maintenance", Token);
        Assert.IsType<MirrorChanged>(paused);

        var run = await RunAsync();

        var refusal = Assert.IsType<MirrorPaused>(run.Outcome);
        Assert.Equal("maintenance", refusal.Reason);
        Assert.DoesNotContain(_ops.Nodes.Commands, c => c.EndsWith(":rsync-pull", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_PullsWhilePaused_WhenAnApprovedOperationOverridesThePause()
    {
        await _ops.Get<MirrorControl>().PauseAsync(_ops.Service, "alice", "maintenance", Token);

        var run = await RunAsync(new MirrorRequest(_ops.Service, "failover:op", OverridePause: true));

        Assert.IsType<Transferred>(run.Outcome);
    }

    [Fact]
    public async Task RunAsync_IsRefusedWithoutPulling_WhenTheSourceStoreHasNoSentinel()
    {
        _ops.Nodes.SourceFiles = null;

        var run = await RunAsync();

        Assert.Equal(MirrorVerdict.Refused, run.Verdict);
        Assert.Equal("mail1", Assert.IsType<SentinelMissing>(run.Outcome).Source.Value);
        Assert.DoesNotContain("rsync-pull", _ops.Nodes.CommandsTo("mail2"));
    }

    [Fact]
    public async Task RunAsync_IsRefusedWithoutPulling_WhenTheSourceLostMostFilesSinceTheLastGoodRun()
    {
        await RunAsync();
        _ops.Nodes.SourceFiles = 10;

        var run = await RunAsync();

        Assert.Equal(new FileCountDropped(run.Source, 10, 100, 0.5), run.Outcome);
        Assert.Single(_ops.Nodes.CommandsTo("mail2"), "rsync-pull");
    }

    [Fact]
    public async Task RunAsync_NamesTheGuard_WhenThePullScriptRefusesTheDirection()
    {
        const string Line = "mail2 records mail2 as active at generation 1: refusing to pull from mail1";
        _ops.Nodes.Pull = node => new Exited(node, MirrorScript.WrongDirection, "", $"mailha-guard: {Line}\n", TimeSpan.Zero);

        var run = await RunAsync();

        Assert.Equal(new WrongDirection(Line), run.Outcome);
        Assert.Equal(Line, run.Message);
    }

    [Fact]
    public async Task RunAsync_IsRefusedAsPullStillRunning_WhenThePullScriptFindsAnEarlierPullOnTheStandby()
    {
        const string Line = "an earlier mirror pull into /store is still running on mail2 (PID 4242 4243)";
        _ops.Nodes.Pull = node => new Exited(node, MirrorScript.PullRunning, "", $"mailha-guard: {Line}\n", TimeSpan.Zero);

        var run = await RunAsync();

        Assert.Equal(new PullStillRunning(run.Target, Line), run.Outcome);
        Assert.Equal(MirrorVerdict.Refused, run.Verdict);
        Assert.Equal(Line, run.Message);
        Assert.IsType<PullStillRunning>((await _ops.Get<MirrorHistory>().LastAsync(_ops.Service.Name, Token))?.Outcome);
    }

    [Fact]
    public async Task RunAsync_FailsAtTheCeiling_WhenRsyncStopsAtMaxDelete()
    {
        _ops.Nodes.Pull = node => new Exited(node, 25, FakeNodes.RsyncOutput(100), "Deletions stopped due to --max-delete limit\n", TimeSpan.Zero);

        var run = await RunAsync();

        Assert.IsType<MaxDeleteReached>(run.Outcome);
        Assert.False(run.IsGood);
    }

    [Fact]
    public async Task RunAsync_FailsAsUnreachable_WhenTheStandbyCannotBeReached()
    {
        _ops.Nodes.Kill("mail2");

        var run = await RunAsync();

        Assert.Equal("mail2", Assert.IsType<MirrorNodeUnreachable>(run.Outcome).Node.Value);
        Assert.Equal(MirrorVerdict.Failed, (await _ops.Get<MirrorHistory>().LastAsync(_ops.Service.Name, Token))?.Verdict);
    }

    [Fact]
    public async Task RunAsync_RunsNothingOnTheSource_WhenItsCountIsWaived()
    {
        _ops.Nodes.Kill("mail1");

        var run = await RunAsync(new MirrorRequest(_ops.Service, "failover:op", AllowUncountedSource: true));

        Assert.IsType<Transferred>(run.Outcome);
        Assert.Empty(_ops.Nodes.CommandsTo("mail1"));
    }

    [Fact]
    public async Task RunAsync_RefusesAndDoesNotRecordASecondTrigger_WhenARunIsInProgress()
    {
        _ops.Nodes.PullGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = RunAsync(new MirrorRequest(_ops.Service, "schedule"));
        await WaitUntilAsync(() => _ops.Nodes.CommandsTo("mail2").Contains("rsync-pull"));

        var second = await RunAsync(new MirrorRequest(_ops.Service, "chat:bob"));
        _ops.Nodes.PullGate.SetResult();
        var done = await first;

        Assert.Contains("schedule", Assert.IsType<AlreadyRunning>(second.Outcome).Running, StringComparison.Ordinal);
        Assert.IsType<Transferred>(done.Outcome);
        Assert.Single(await _ops.Get<MirrorHistory>().RecentAsync(_ops.Service.Name, 10, Token));
    }

    [Fact]
    public async Task RunAsync_TellsObserversOfTheRunAndTheOneBefore_WhenItRecovers()
    {
        var seen = new List<MirrorRunCompleted>();
        using var ops = new OperationsHarness(services => services.AddSingleton<IMirrorObserver>(new Observer(seen)));
        ops.Nodes.Kill("mail2");
        await ops.Get<MirrorRunner>().RunAsync(new MirrorRequest(_ops.Service, "test"), Token);
        ops.Nodes.Revive("mail2");

        await ops.Get<MirrorRunner>().RunAsync(new MirrorRequest(_ops.Service, "test"), Token);

        Assert.Collection(
            seen,
            failed => Assert.True(failed.StartsFailureStreak),
            recovered => Assert.True(recovered.IsRecovery));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(10, Token);
        }
    }

    private sealed class Observer(List<MirrorRunCompleted> seen) : IMirrorObserver
    {
        public Task OnRunCompletedAsync(MirrorRunCompleted completed, CancellationToken cancellationToken)
        {
            seen.Add(completed);
            return Task.CompletedTask;
        }
    }
}
