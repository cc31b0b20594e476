using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Tests.Fakes;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Failover;

/// <summary>
/// A move past the service's recorded standby (three nodes: <c>--to</c>, or a standby found down): the catch-up and the final
/// sync pull into the operation's target, the plan says how old the target's copy is, and the roles record the next node
/// that answers as the standby, which the mirror then feeds.
/// </summary>
public sealed class MirrorFollowsTargetTests : IDisposable
{
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");
    private static readonly NodeName Mail3 = new("mail3");

    // jt-mail-a on [mail1, mail3, mail2]: mail1 serves it, mail3 is its recorded standby, mail2 is past it.
    private readonly OperationsHarness _ops = new(topology: LabTopology.NPlusOne, settings: s => s["MailHa:Services:0:Nodes:2"] = "mail2");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _ops.Dispose();

    private ServiceDefinition A => _ops.Service;

    private FailoverRequest Request(OperationKind kind, NodeName? to = null, FailoverOverrides? overrides = null) =>
        new(A, kind, "alice", "bob", overrides ?? FailoverOverrides.None, to);

    private int PullsInto(string node) => _ops.Nodes.CommandsTo(node).Count(c => c == "rsync-pull");

    [Fact]
    public async Task Switchover_CatchesUpAndSyncsIntoTheTarget_WhenItIsPastTheRecordedStandby()
    {
        var report = await _ops.Get<FailoverEngine>().RunAsync(Request(OperationKind.Switchover, Mail2), null, Token);

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, report.Describe());
        Assert.Equal((2, 0), (PullsInto("mail2"), PullsInto("mail3")));
        var runs = await _ops.Get<MirrorHistory>().RecentAsync(A.Name, 10, Token);
        Assert.Equal([(Mail1, Mail2), (Mail1, Mail2)], runs.Select(r => (r.Source, r.Target)));
        Assert.All(runs, r => Assert.True(r.IsGood));
    }

    [Fact]
    public async Task Switchover_RecordsTheOldActiveAsStandby_WhenTheTargetIsPastTheRecordedStandby()
    {
        await _ops.Get<FailoverEngine>().RunAsync(Request(OperationKind.Switchover, Mail2), null, Token);

        var roles = await _ops.Get<RoleStore>().GetAsync(A, Token);
        // mail2 is the last of [mail1, mail3, mail2]: the next after it, wrapping round, is mail1, which answers.
        Assert.Equal((Mail2, Mail1, true), (roles.Active, roles.Standby, roles.MirrorPaused));
    }

    [Fact]
    public async Task Failover_RecordsTheNextNodeThatAnswersAsStandby_WhenTheOldActiveIsDown()
    {
        _ops.Nodes.Kill("mail1");
        var engine = _ops.Get<FailoverEngine>();
        var request = Request(OperationKind.Failover, Mail2, new FailoverOverrides(PrimaryDown: true));
        await engine.PlanAsync(request, Token);

        var report = await engine.RunAsync(request, null, Token);

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, report.Describe());
        var roles = await _ops.Get<RoleStore>().GetAsync(A, Token);
        Assert.Equal((Mail2, Mail3), (roles.Active, roles.Standby));
        Assert.Contains("write-state-file", _ops.Nodes.CommandsTo("mail3"));
        Assert.Equal(0, PullsInto("mail3"));
    }

    [Fact]
    public async Task MirrorResume_FeedsTheStandbyTheMoveRecorded_AfterAFailoverPastTheOldOne()
    {
        _ops.Nodes.Kill("mail1");
        var engine = _ops.Get<FailoverEngine>();
        var request = Request(OperationKind.Failover, Mail2, new FailoverOverrides(PrimaryDown: true));
        await engine.PlanAsync(request, Token);
        await engine.RunAsync(request, null, Token);

        var resumed = Assert.IsType<MirrorChanged>(await _ops.Get<MirrorControl>().ResumeAsync(A, "carol", Token));
        var run = await _ops.Get<MirrorRunner>().RunAsync(new MirrorRequest(A, "schedule"), Token);

        Assert.Equal((Mail2, Mail3, false), (resumed.State.Active, resumed.State.Standby, resumed.State.MirrorPaused));
        Assert.True(run.IsGood, run.Describe());
        Assert.Equal((Mail2, Mail3), (run.Source, run.Target));
        Assert.Equal(1, PullsInto("mail3"));
    }

    [Fact]
    public async Task Plan_SaysTheTargetWasNeverMirroredInto_WhenItIsPastTheRecordedStandby()
    {
        await _ops.Get<MirrorRunner>().RunAsync(new MirrorRequest(A, "schedule"), Token);

        var plan = await _ops.Get<FailoverEngine>().PlanAsync(Request(OperationKind.Switchover, Mail2), Token);

        Assert.Null(plan.Refusal);
        // Never mirrored into; the catch-up run and the final sync pull the store from mail1 into it.
        var copy = Assert.Single(plan.Findings.OfType<TargetCopyFinding>());
        Assert.Equal((OperationKind.Switchover, Mail1, Mail2, null, true), (copy.Kind, copy.Source, copy.Target, copy.Copy, copy.SourceAnswers));
    }

    [Fact]
    public async Task Plan_NamesTheAgeOfTheTargetsCopy_WhenAFailoverWithTheSourceDownWouldServeIt()
    {
        var started = TimeProvider.System.GetUtcNow() - TimeSpan.FromDays(3);
        await _ops.Get<MirrorHistory>().RecordAsync(new MirrorRun(A.Name, 0, started, started + TimeSpan.FromMinutes(1), "schedule", Mail1, Mail2, 1, new Transferred(0), 0, null), Token);
        await _ops.Get<MirrorRunner>().RunAsync(new MirrorRequest(A, "schedule"), Token);
        _ops.Nodes.Kill("mail1");

        var plan = await _ops.Get<FailoverEngine>().PlanAsync(Request(OperationKind.Failover, Mail2, new FailoverOverrides(PrimaryDown: true)), Token);

        // mail1 is unreachable over SSH: unless its rsync daemon still answers, mail2 serves the copy of three days ago.
        var copy = Assert.Single(plan.Findings.OfType<TargetCopyFinding>());
        Assert.Equal((Mail2, false), (copy.Target, copy.SourceAnswers));
        Assert.Equal((Mail1, Mail2), (copy.Copy?.Source, copy.Copy?.Target));
        Assert.InRange(copy.Age!.Value, TimeSpan.FromDays(3), TimeSpan.FromDays(3) + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Plan_SaysNothingOfTheTargetsCopy_WhenTheTargetIsTheStandbyTheMirrorFeeds()
    {
        await _ops.Get<MirrorRunner>().RunAsync(new MirrorRequest(A, "schedule"), Token);

        var plan = await _ops.Get<FailoverEngine>().PlanAsync(Request(OperationKind.Switchover), Token);

        Assert.Equal(Mail3, plan.Target);
        Assert.Empty(plan.Findings.OfType<TargetCopyFinding>());
    }

    [Fact]
    public async Task MirrorRun_IsRefusedWithoutPulling_WhenTheOperationsTargetIsTheActiveNode()
    {
        var run = await _ops.Get<MirrorRunner>().RunAsync(new MirrorRequest(A, "switchover:op", "op", OverridePause: true, Target: Mail1), Token);

        Assert.IsType<WrongDirection>(run.Outcome);
        Assert.Equal(0, PullsInto("mail1"));
    }

    [Fact]
    public async Task MirrorRun_KeepsTheSentinelGuard_WhenItPullsIntoAnOperationsTarget()
    {
        _ops.Nodes.SourceFiles = null;

        var run = await _ops.Get<MirrorRunner>().RunAsync(new MirrorRequest(A, "switchover:op", "op", OverridePause: true, Target: Mail2), Token);

        Assert.Equal((Mail2, MirrorVerdict.Refused), (run.Target, run.Verdict));
        Assert.IsType<SentinelMissing>(run.Outcome);
        Assert.Equal(0, PullsInto("mail2"));
    }

    [Fact]
    public async Task MirrorRun_Throws_WhenATargetIsNamedOutsideAnOperation()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _ops.Get<MirrorRunner>().RunAsync(new MirrorRequest(A, "chat:bob", Target: Mail2), Token));
    }

    [Fact]
    public void StandbyFor_SkipsNodesThatAreDown_AndFallsBackToTheNextInTheList_WhenAllAre()
    {
        Assert.Equal(Mail1, A.StandbyFor(Mail2, new HashSet<NodeName>()));
        Assert.Equal(Mail3, A.StandbyFor(Mail2, new HashSet<NodeName> { Mail1 }));
        Assert.Equal(Mail1, A.StandbyFor(Mail2, new HashSet<NodeName> { Mail1, Mail3 }));
    }
}
