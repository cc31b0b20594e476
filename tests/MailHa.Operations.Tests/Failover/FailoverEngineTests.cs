using MailHa.Operations.Failover;
using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Ssh;
using MailHa.Operations.Roles;
using MailHa.Operations.Tests.Fakes;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Operations.Tests.Failover;

public sealed class FailoverEngineTests : IDisposable
{
    private static readonly string[] StepNames = ["preflight", "fence", "drain-mail", "final-sync", "verify-directory", "raise-vip", "verify-vip", "record-roles"];

    private readonly OperationsHarness _ops = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _ops.Dispose();

    private FailoverRequest Request(OperationKind kind, FailoverOverrides? overrides = null, OperationsHarness? on = null) =>
        new((on ?? _ops).Service, kind, "alice", "bob", overrides ?? FailoverOverrides.None);

    private Task<FailoverReport> RunAsync(OperationKind kind, FailoverOverrides? overrides = null, CancellationToken? cancellationToken = null) =>
        _ops.Get<FailoverEngine>().RunAsync(Request(kind, overrides), null, cancellationToken ?? Token);

    [Fact]
    public async Task Switchover_RunsEveryStepInOrderAndMovesTheVip_WhenBothNodesAreUp()
    {
        var report = await RunAsync(OperationKind.Switchover);

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, report.Describe());
        Assert.Equal(StepNames, report.Steps.Select(s => s.Step));
        Assert.All(report.Steps, s => Assert.Equal(StepState.Done, s.State));
        Assert.False(_ops.Nodes.HoldsVip("mail1"));
        Assert.True(_ops.Nodes.HoldsVip("mail2"));
        var roles = await _ops.Get<RoleStore>().GetAsync(_ops.Service, Token);
        Assert.Equal((new NodeName("mail2"), true), (roles.Active, roles.MirrorPaused));
    }

    [Fact]
    public async Task Switchover_FencesTheSourceAndSyncsBeforeRaisingTheVip()
    {
        await RunAsync(OperationKind.Switchover);

        var commands = _ops.Nodes.Commands.ToList();
        var dropped = commands.IndexOf("mail1:ip-addr-del");
        // The catch-up run pulls before the fence, while the source still serves; the final sync after it.
        var pulled = commands.LastIndexOf("mail2:rsync-pull");
        var raised = commands.IndexOf("mail2:ip-addr-add");
        Assert.True(dropped >= 0 && pulled > dropped && raised > pulled, string.Join(", ", commands));
        Assert.True(commands.LastIndexOf("mail2:duplicate-address-probe") is var probe && probe > dropped && probe < raised);
    }

    private static OperationsHarness Draining() => new(s => s.Configure<MirrorOptions>(o => (o.QueueFlushCommand, o.QueueCountCommand) = ("postqueue -f", "count-store-mail")));

    [Fact]
    public async Task Switchover_DrainsTheSourcesMailQueueAfterTheFenceAndBeforeTheFinalSync_WhenAQueueCountIsConfigured()
    {
        using var ops = Draining();

        var report = await ops.Get<FailoverEngine>().RunAsync(Request(OperationKind.Switchover, on: ops), null, Token);

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, report.Describe());
        var commands = ops.Nodes.Commands.ToList();
        var dropped = commands.IndexOf("mail1:ip-addr-del");
        var drained = commands.IndexOf("mail1:drain-mail");
        var finalSync = commands.LastIndexOf("mail2:rsync-pull");
        Assert.True(dropped >= 0 && drained > dropped && finalSync > drained, string.Join(", ", commands));
        Assert.IsType<Drained>(report.Steps.Single(s => s.Step == "drain-mail").Result);
    }

    [Fact]
    public async Task Switchover_StopsBeforeTheFinalSyncAndGivesTheVipBack_WhenMailForTheStoreIsStillQueuedOnTheSource()
    {
        using var ops = Draining();
        ops.Nodes.QueuedMail["mail1"] = 2;

        var report = await ops.Get<FailoverEngine>().RunAsync(Request(OperationKind.Switchover, on: ops), null, Token);

        // Pulled without them, the two would be stored on mail1 after the final sync and deleted by the first run mail2 → mail1.
        Assert.Equal(FailoverOutcome.Failed, report.Outcome);
        Assert.Equal(("drain-mail", StepState.Failed), (report.Steps[^1].Step, report.Steps[^1].State));
        Assert.DoesNotContain("rsync-pull", ops.Nodes.Commands.SkipWhile(c => c != "mail1:drain-mail").Select(c => c.Split(':')[1]));
        Assert.True(ops.Nodes.HoldsVip("mail1"));
        Assert.False(ops.Nodes.HoldsVip("mail2"));
        Assert.Equal(new NodeName("mail1"), (await ops.Get<RoleStore>().GetAsync(ops.Service, Token)).Active);
    }

    [Fact]
    public async Task Switchover_StopsAndGivesTheVipBack_WhenTheSourcesQueueCannotBeRead()
    {
        using var ops = Draining();
        ops.Nodes.Fail("mail1", "drain-mail");

        var report = await ops.Get<FailoverEngine>().RunAsync(Request(OperationKind.Switchover, on: ops), null, Token);

        Assert.Equal(("drain-mail", StepState.Failed), (report.Steps[^1].Step, report.Steps[^1].State));
        Assert.IsType<QueueUnknown>(Assert.IsType<MailStillQueued>(report.Steps[^1].Result).Drain);
        Assert.True(ops.Nodes.HoldsVip("mail1"));
    }

    [Fact]
    public async Task Switchover_MovesTheVipAndNamesWhatIsLeft_WhenTheApproverAcceptedAFinalSyncFailure()
    {
        using var ops = Draining();
        ops.Nodes.QueuedMail["mail1"] = 3;

        var report = await ops.Get<FailoverEngine>().RunAsync(Request(OperationKind.Switchover, new FailoverOverrides(FinalSyncFailure: true), ops), null, Token);

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, report.Describe());
        Assert.True(ops.Nodes.HoldsVip("mail2"));
        Assert.Equal(3, Assert.IsType<MailLeftQueued>(Assert.IsType<MailLeftAccepted>(report.Steps.Single(s => s.Step == "drain-mail").Result).Drain).Messages);
    }

    [Fact]
    public async Task Failover_AsksNoQueueOfTheDeadSource_WhenItsDownIsAcknowledged()
    {
        using var ops = Draining();
        ops.Nodes.Kill("mail1");

        var report = await ops.Get<FailoverEngine>().RunAsync(Request(OperationKind.Failover, new FailoverOverrides(PrimaryDown: true), ops), null, Token);

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, report.Describe());
        Assert.DoesNotContain("drain-mail", ops.Nodes.CommandsTo("mail1"));
        Assert.IsType<DrainSkippedSourceDown>(report.Steps.Single(s => s.Step == "drain-mail").Result);
    }

    [Fact]
    public async Task Switchover_RunsNoDrain_WhenNoQueueCountIsConfigured()
    {
        await RunAsync(OperationKind.Switchover);

        Assert.DoesNotContain("drain-mail", _ops.Nodes.CommandsTo("mail1"));
    }

    [Fact]
    public async Task Failover_StopsAtTheFenceAndChangesNothing_WhenTheSourceIsDownAndNotAcknowledged()
    {
        _ops.Nodes.Kill("mail1");

        var report = await RunAsync(OperationKind.Failover);

        Assert.Equal(FailoverOutcome.Failed, report.Outcome);
        Assert.Equal(("fence", StepState.Failed), (report.Steps[^1].Step, report.Steps[^1].State));
        Assert.Equal(new NodeName("mail1"), Assert.IsType<PrimaryDownNotAcknowledged>(report.Steps[^1].Result).Source);
        Assert.Equal(new AcknowledgePrimaryDown(new NodeName("mail1"), new NodeName("mail2")), report.NextSteps);
        Assert.DoesNotContain("ip-addr-add", _ops.Nodes.CommandsTo("mail2"));
        Assert.Equal(new NodeName("mail1"), (await _ops.Get<RoleStore>().GetAsync(_ops.Service, Token)).Active);
    }

    [Fact]
    public async Task Failover_RaisesTheVipOnTheStandbyWithoutPullingFromTheDeadNode_WhenItsDownIsAcknowledged()
    {
        _ops.Nodes.Kill("mail1");

        var report = await RunAsync(OperationKind.Failover, new FailoverOverrides(PrimaryDown: true));

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, report.Describe());
        Assert.True(_ops.Nodes.HoldsVip("mail2"));
        Assert.DoesNotContain("count-source", _ops.Nodes.CommandsTo("mail1"));
        Assert.Equal(new NodeName("mail2"), (await _ops.Get<RoleStore>().GetAsync(_ops.Service, Token)).Active);
    }

    [Fact]
    public async Task Switchover_StopsAtTheFence_WhenTheSourceIsDown()
    {
        _ops.Nodes.Kill("mail1");

        var report = await RunAsync(OperationKind.Switchover);

        Assert.Equal(FailoverOutcome.Failed, report.Outcome);
        Assert.Equal("fence", report.Steps[^1].Step);
        Assert.DoesNotContain("ip-addr-add", _ops.Nodes.CommandsTo("mail2"));
    }

    [Fact]
    public async Task Switchover_IsRefusedAndRunsNothing_WhenAnotherOperationHoldsTheLock()
    {
        var (acquired, _) = await _ops.Get<OperationLock>().TryAcquireAsync(_ops.Service.Name, "failback-1", "failback", "carol", Token);
        Assert.True(acquired);

        var report = await RunAsync(OperationKind.Switchover);

        Assert.Equal(FailoverOutcome.Refused, report.Outcome);
        Assert.Equal("failback-1", Assert.IsType<AnotherOperationRunning>(report.Refusal).Lease.OperationId);
        Assert.IsType<NothingChanged>(report.NextSteps);
        Assert.Empty(report.Steps);
        Assert.Empty(_ops.Nodes.Commands);
    }

    [Fact]
    public async Task Switchover_WaitsForTheMirrorRunInProgressThenRuns_InsteadOfRefusing()
    {
        _ops.Nodes.PullGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var mirrorRun = _ops.Get<MirrorRunner>().RunAsync(new MirrorRequest(_ops.Service, "schedule"), Token);
        while (!_ops.Nodes.CommandsTo("mail2").Contains("rsync-pull"))
        {
            await Task.Delay(10, Token);
        }

        var switching = RunAsync(OperationKind.Switchover);
        await Task.Delay(300, Token);
        Assert.False(switching.IsCompleted, "the switchover did not wait for the mirror run in progress");
        Assert.DoesNotContain("mail1:ip-addr-del", _ops.Nodes.Commands);

        _ops.Nodes.PullGate.SetResult();
        var report = await switching;

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, report.Describe());
        Assert.True((await mirrorRun).IsGood);
        Assert.True(_ops.Nodes.HoldsVip("mail2"));
    }

    [Fact]
    public async Task Switchover_PullsOnceBeforeTheFenceAndOnceAfter_WhenNoGoodRunStartedWithinAMinute()
    {
        var report = await RunAsync(OperationKind.Switchover);

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, report.Describe());
        var commands = _ops.Nodes.Commands.ToList();
        var dropped = commands.IndexOf("mail1:ip-addr-del");
        Assert.Equal(2, commands.Count(c => c == "mail2:rsync-pull"));
        Assert.True(commands.IndexOf("mail2:rsync-pull") < dropped, string.Join(", ", commands));
    }

    [Fact]
    public async Task Switchover_SkipsTheCatchUpRun_WhenAGoodRunInItsDirectionStartedWithinAMinute()
    {
        var scheduled = await _ops.Get<MirrorRunner>().RunAsync(new MirrorRequest(_ops.Service, "schedule"), Token);
        Assert.True(scheduled.IsGood, scheduled.Describe());
        var before = _ops.Nodes.Commands.Count;

        var report = await RunAsync(OperationKind.Switchover);

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, report.Describe());
        var commands = _ops.Nodes.Commands.Skip(before).ToList();
        // Only the final sync, after the VIP came down on the source.
        Assert.Equal(1, commands.Count(c => c == "mail2:rsync-pull"));
        Assert.True(commands.IndexOf("mail2:rsync-pull") > commands.IndexOf("mail1:ip-addr-del"), string.Join(", ", commands));
    }

    [Fact]
    public async Task Switchover_StopsBeforeTheFenceAndChangesNothing_WhenTheTargetCannotReachTheSourcesRsyncDaemon()
    {
        _ops.Nodes.Fail("mail2", "rsync-daemon-probe");

        var report = await RunAsync(OperationKind.Switchover);

        Assert.Equal(FailoverOutcome.Failed, report.Outcome);
        Assert.Equal(["preflight", "fence"], report.Steps.Select(s => s.Step));
        Assert.Equal(StepState.Failed, report.Steps[^1].State);
        var blocked = Assert.IsType<FenceBlocked>(report.Steps[^1].Result);
        Assert.Equal((new NodeName("mail1"), new NodeName("mail2")), (blocked.Blocker.Source, blocked.Blocker.Target));
        Assert.IsType<SourceDaemonUnreachable>(blocked.Blocker);
        Assert.DoesNotContain("ip-addr-del", _ops.Nodes.CommandsTo("mail1"));
        Assert.True(_ops.Nodes.HoldsVip("mail1"));
        Assert.False(_ops.Nodes.HoldsVip("mail2"));
        Assert.Equal(new FixMirrorBeforeFence(OperationKind.Switchover, new NodeName("mail1"), new NodeName("mail2")), report.NextSteps);
        var roles = await _ops.Get<RoleStore>().GetAsync(_ops.Service, Token);
        Assert.Equal((new NodeName("mail1"), false), (roles.Active, roles.MirrorPaused));
    }

    [Fact]
    public async Task Switchover_StopsBeforeTheFenceAndChangesNothing_WhenTheCatchUpRunFails()
    {
        _ops.Nodes.Pull = node => new Exited(node, 10, "", "rsync: failed to connect to 198.18.16.1 (198.18.16.1): No route to host (113)\nrsync error: error in socket IO (code 10)\n", TimeSpan.Zero);

        var report = await RunAsync(OperationKind.Switchover);

        Assert.Equal(FailoverOutcome.Failed, report.Outcome);
        Assert.Equal(("fence", StepState.Failed), (report.Steps[^1].Step, report.Steps[^1].State));
        var catchUp = Assert.IsType<CatchUpFailed>(Assert.IsType<FenceBlocked>(report.Steps[^1].Result).Blocker);
        Assert.Equal((new NodeName("mail1"), new NodeName("mail2")), (catchUp.Source, catchUp.Target));
        Assert.Equal(10, Assert.IsType<RsyncFailed>(catchUp.Outcome).ExitCode);
        Assert.Equal(1, _ops.Nodes.CommandsTo("mail2").Count(c => c == "rsync-pull"));
        Assert.DoesNotContain("ip-addr-del", _ops.Nodes.CommandsTo("mail1"));
        Assert.True(_ops.Nodes.HoldsVip("mail1"));
    }

    [Fact]
    public async Task Switchover_FencesAndMovesTheVip_WhenTheDaemonIsUnreachableButAFinalSyncFailureIsAccepted()
    {
        _ops.Nodes.Fail("mail2", "rsync-daemon-probe");

        var report = await RunAsync(OperationKind.Switchover, new FailoverOverrides(FinalSyncFailure: true));

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, report.Describe());
        Assert.True(_ops.Nodes.HoldsVip("mail2"));
    }

    [Fact]
    public async Task Switchover_PutsTheVipBackOnTheSource_WhenRaisingItOnTheTargetFails()
    {
        _ops.Nodes.Fail("mail2", "ip-addr-add");

        var report = await RunAsync(OperationKind.Switchover);

        Assert.Equal(FailoverOutcome.Failed, report.Outcome);
        Assert.Equal(("raise-vip", StepState.Failed), (report.Steps[^1].Step, report.Steps[^1].State));
        Assert.True(_ops.Nodes.HoldsVip("mail1"));
        Assert.False(_ops.Nodes.HoldsVip("mail2"));
        Assert.Equal(new VipRestored(new NodeName("mail1")), Assert.IsType<RequestAgainRolledBack>(report.NextSteps).Rollback);
    }

    [Fact]
    public async Task Switchover_StopsAtTheFinalSyncEvenWhenAccepted_WhenAnEarlierPullStillRunsOnTheTarget()
    {
        const string Line = "an earlier mirror pull into /store is still running on mail2 (PID 4242)";
        _ops.Nodes.Pull = node => new Exited(node, MirrorScript.PullRunning, "", $"mailha-guard: {Line}\n", TimeSpan.Zero);

        var report = await RunAsync(OperationKind.Switchover, new FailoverOverrides(FinalSyncFailure: true));

        Assert.Equal(FailoverOutcome.Failed, report.Outcome);
        Assert.Equal(("final-sync", StepState.Failed), (report.Steps[^1].Step, report.Steps[^1].State));
        Assert.Equal(new NodeName("mail2"), Assert.IsType<SyncRefusedPullRunning>(report.Steps[^1].Result).Running.Node);
        Assert.DoesNotContain("ip-addr-add", _ops.Nodes.CommandsTo("mail2"));
        // The fenced source gets the VIP back; the next step names the pull, not the final-sync override.
        Assert.True(_ops.Nodes.HoldsVip("mail1"));
        Assert.Equal(new VipRestored(new NodeName("mail1")), Assert.IsType<RequestAgainRolledBack>(report.NextSteps).Rollback);
    }

    [Fact]
    public async Task Failover_SaysToWaitForTheEarlierPull_WhenItStillRunsOnTheTarget()
    {
        // mail1 is down but its rsync daemon answers: the final sync is tried, and the target's guard refuses it.
        _ops.Nodes.Kill("mail1");
        _ops.Nodes.Pull = node => new Exited(node, MirrorScript.PullRunning, "", "mailha-guard: an earlier mirror pull is still running on mail2 (PID 4242)\n", TimeSpan.Zero);

        var report = await RunAsync(OperationKind.Failover, new FailoverOverrides(PrimaryDown: true, FinalSyncFailure: true));

        Assert.Equal(FailoverOutcome.Failed, report.Outcome);
        Assert.Equal(("final-sync", StepState.Failed), (report.Steps[^1].Step, report.Steps[^1].State));
        Assert.False(_ops.Nodes.HoldsVip("mail2"));
        Assert.Equal(new WaitForPull(OperationKind.Failover, new NodeName("mail2")), report.NextSteps);
    }

    [Fact]
    public async Task Switchover_ResumesAfterTheStepsAlreadyDone_WhenAnInterruptedRunIsRequestedAgain()
    {
        // Interrupted as the VIP is raised: preflight, fence, drain, final sync and the directory check are done.
        _ops.Nodes.GatedCommand = "ip-addr-add";
        _ops.Nodes.PullGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var interrupted = RunAsync(OperationKind.Switchover, cancellationToken: interrupt.Token);
        while (!_ops.Nodes.CommandsTo("mail2").Contains("ip-addr-add"))
        {
            await Task.Delay(10, Token);
        }

        await interrupt.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted);
        _ops.Nodes.PullGate = null;

        var resumed = await RunAsync(OperationKind.Switchover);

        Assert.True(resumed.Outcome == FailoverOutcome.Succeeded, resumed.Describe());
        Assert.Equal(
            [StepState.Skipped, StepState.Skipped, StepState.Skipped, StepState.Skipped, StepState.Skipped, StepState.Done, StepState.Done, StepState.Done],
            resumed.Steps.Select(s => s.State));
        Assert.True(_ops.Nodes.HoldsVip("mail2"));
    }

    [Fact]
    public async Task Failback_IsRefusedWhileAnInterruptedSwitchoverIsUnfinished()
    {
        _ops.Nodes.PullGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var interrupted = RunAsync(OperationKind.Switchover, cancellationToken: interrupt.Token);
        while (!_ops.Nodes.CommandsTo("mail2").Contains("rsync-pull"))
        {
            await Task.Delay(10, Token);
        }

        await interrupt.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => interrupted);

        var report = await RunAsync(OperationKind.Failback);

        Assert.Equal(FailoverOutcome.Refused, report.Outcome);
        Assert.Equal(OperationKind.Switchover, Assert.IsType<InterruptedOperationFirst>(report.Refusal).Kind);
    }
}
