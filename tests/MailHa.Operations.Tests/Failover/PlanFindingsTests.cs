using MailHa.Operations.Failover;
using MailHa.Operations.Journal;
using MailHa.Operations.Liveness;
using MailHa.Operations.Mirror;
using MailHa.Operations.Ssh;
using MailHa.Operations.Tests.Fakes;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Tests.Failover;

/// <summary>What a plan finds about the nodes carries into the run that follows it: a node found dead is not asked again, nor chosen.</summary>
public sealed class PlanFindingsTests : IDisposable
{
    private readonly OperationsHarness _ops = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _ops.Dispose();

    private static FailoverRequest Request(OperationsHarness ops, OperationKind kind, FailoverOverrides? overrides = null, string service = "") =>
        new(service.Length == 0 ? ops.Service : ops.Get<MailTopology>().Service(new ServiceName(service)), kind, "alice", "bob", overrides ?? FailoverOverrides.None);

    [Fact]
    public async Task BreakGlassFailover_ConnectsToTheDeadSourceOncePerRun_WhenThePlanFoundItUnreachable()
    {
        _ops.Nodes.Kill("mail1");
        var engine = _ops.Get<FailoverEngine>();
        var request = Request(_ops, OperationKind.Failover, new FailoverOverrides(PrimaryDown: true));

        var plan = await engine.PlanAsync(request, Token);
        var report = await engine.RunAsync(request, null, Token);

        Assert.Null(plan.Refusal);
        Assert.True(report.Outcome == FailoverOutcome.Succeeded, report.Describe());
        Assert.Single(_ops.Nodes.CommandsTo("mail1"));
        Assert.True(_ops.Nodes.HoldsVip("mail2"));
        Assert.Equal(StepState.Done, report.Steps.Single(s => s.Step == "fence").State);
    }

    [Fact]
    public async Task BreakGlassFailover_SaysTheFenceSkipsTheDeadSource_InThePlanAndInTheRun()
    {
        _ops.Nodes.Kill("mail1");
        var engine = _ops.Get<FailoverEngine>();
        var request = Request(_ops, OperationKind.Failover, new FailoverOverrides(PrimaryDown: true));

        var plan = await engine.PlanAsync(request, Token);
        var report = await engine.RunAsync(request, null, Token);

        Assert.NotNull(plan.Steps.Single(s => s.Name == "fence").Note);
        Assert.All(plan.Steps.Where(s => s.Name != "fence"), s => Assert.Null(s.Note));
        Assert.True(Assert.IsType<FencedUnreachable>(report.Steps.Single(s => s.Step == "fence").Result).FoundByPlan);
    }

    [Fact]
    public async Task Failover_AsksTheDeadSourceOnce_WhenNoPlanPrecedesTheRun()
    {
        _ops.Nodes.Kill("mail1");

        var report = await _ops.Get<FailoverEngine>().RunAsync(Request(_ops, OperationKind.Failover, new FailoverOverrides(PrimaryDown: true)), null, Token);

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, report.Describe());
        Assert.Single(_ops.Nodes.CommandsTo("mail1"));
    }

    [Fact]
    public async Task Plan_TakesTheWatchsFindingWithoutAskingTheDeadNode_AndFingerprintsAsAPlanThatAskedIt()
    {
        _ops.Nodes.Kill("mail1");
        var engine = _ops.Get<FailoverEngine>();
        var request = Request(_ops, OperationKind.Failover, new FailoverOverrides(PrimaryDown: true));
        var finding = new WatchFinding(new NodeName("mail1"), _ops.Service.Name, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, new Unreachable(new NodeName("mail1"), "cut"), new Silent("cut"));

        var card = await engine.PlanAsync(request, [finding], Token);
        var askedByTheCard = _ops.Nodes.CommandsTo("mail1");
        var check = await engine.PlanAsync(request, Token);

        Assert.Empty(askedByTheCard);
        Assert.Equal(["list-addresses"], _ops.Nodes.CommandsTo("mail1"));
        Assert.Equal(check.Fingerprint, card.Fingerprint);
        Assert.Equal((check.Source, check.Target, check.Refusal), (card.Source, card.Target, card.Refusal));
        Assert.Equal([finding], card.Taken);
        Assert.Empty(check.Taken);
    }

    [Fact]
    public async Task Plan_IsNotRefused_WhileAMirrorRunHoldsTheService_ButIsWhileAnOperationDoes()
    {
        // A continuous mirror's batch holds the service's lease for a moment every few seconds: the operation waits it
        // out when it starts (ServiceLease), so a plan made meanwhile must not refuse the request by chance.
        var leases = _ops.Get<OperationLock>();
        var service = _ops.Service.Name;
        Assert.True((await leases.TryAcquireAsync(service, "mirror-1", MirrorRunner.LeaseKind, "schedule", Token)).Acquired);

        var whileMirroring = await _ops.Get<FailoverEngine>().PlanAsync(Request(_ops, OperationKind.Switchover), Token);
        await leases.ReleaseAsync("mirror-1", Token);
        Assert.True((await leases.TryAcquireAsync(service, "failback-1", "failback", "carol", Token)).Acquired);
        var whileOperating = await _ops.Get<FailoverEngine>().PlanAsync(Request(_ops, OperationKind.Switchover), Token);

        Assert.Null(whileMirroring.Refusal);
        Assert.NotNull(whileOperating.Refusal);
    }

    [Fact]
    public async Task Plan_NotesNothingOnTheFence_WhenTheSourceAnswers()
    {
        var plan = await _ops.Get<FailoverEngine>().PlanAsync(Request(_ops, OperationKind.Switchover), Token);

        Assert.All(plan.Steps, s => Assert.Null(s.Note));
    }

    [Fact]
    public async Task Failover_IsRefusedAndChangesNothing_WhenThePlanFoundTheOnlyOtherNodeUnreachable()
    {
        _ops.Nodes.Kill("mail2");
        var engine = _ops.Get<FailoverEngine>();
        var request = Request(_ops, OperationKind.Failover);

        var plan = await engine.PlanAsync(request, Token);
        var report = await engine.RunAsync(request, null, Token);

        Assert.Equal([new NodeName("mail2")], Assert.IsType<NoReachableNode>(Assert.IsType<NotPlaced>(plan.Refusal).Placement).Unreachable);
        Assert.Equal(FailoverOutcome.Refused, report.Outcome);
        Assert.Single(_ops.Nodes.CommandsTo("mail2"));
        Assert.True(_ops.Nodes.HoldsVip("mail1"));
    }

    [Fact]
    public async Task Switchover_MovesToTheNextReachableNodeInTheList_WhenThePlanFoundTheFirstUnreachable()
    {
        // jt-mail-a on [mail1, mail3, mail2]: mail3 (its standby) is dead, so it goes on to mail2.
        using var ops = new OperationsHarness(topology: LabTopology.NPlusOne, settings: s => s["MailHa:Services:0:Nodes:2"] = "mail2");
        ops.Nodes.Kill("mail3");
        var engine = ops.Get<FailoverEngine>();
        var request = Request(ops, OperationKind.Switchover, service: "jt-mail-a");

        var plan = await engine.PlanAsync(request, Token);
        var report = await engine.RunAsync(request, null, Token);

        Assert.Null(plan.Refusal);
        Assert.Equal((new NodeName("mail1"), new NodeName("mail2")), (plan.Source, plan.Target));
        var copy = Assert.Single(plan.Findings.OfType<TargetCopyFinding>());
        Assert.Equal((new NodeName("mail2"), null), (copy.Target, copy.Copy));
        Assert.Equal(new NodeName("mail2"), report.Target);
        Assert.Equal(StepState.Done, report.Steps.Single(s => s.Step == "preflight").State);
    }

    [Fact]
    public async Task Plan_MovesToTheFirstNodeInTheList_WhenEveryNodeAnswers()
    {
        using var ops = new OperationsHarness(topology: LabTopology.NPlusOne, settings: s => s["MailHa:Services:0:Nodes:2"] = "mail2");

        var plan = await ops.Get<FailoverEngine>().PlanAsync(Request(ops, OperationKind.Switchover, service: "jt-mail-a"), Token);

        Assert.Equal(new NodeName("mail3"), plan.Target);
    }
}
