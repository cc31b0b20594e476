using MailHa.Operations.Failover;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Failover;

/// <summary>
/// The operator's words for every plan and outcome of <c>evacuate NODE</c> and <c>restore NODE</c>, pinned once here;
/// the behaviour tests (<c>NodeMovesTests</c>, <c>NodeMoveFlowTests</c>) assert the typed plans and outcomes.
/// </summary>
public sealed class NodeMoveTextTests
{
    private static readonly NodeName Mail1 = new("mail1"), Mail2 = new("mail2"), Mail3 = new("mail3");
    private static readonly ServiceName A = new("a"), B = new("b");

    private static FailoverReport Report(FailoverOutcome outcome, params StepEvent[] steps) =>
        new("op", A, OperationKind.Switchover, Mail2, Mail1, outcome, steps, null, null, new CheckStatusAndRetry(), "alice", "bob", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Refusal_SaysWhyNothingRuns_ForEachKindOfRefusedPlan()
    {
        var overCapacity = new NodeMoveRefused(OperationKind.Switchover, Mail2, [], new OverCapacity(B, Mail3, [A], 1));
        var nothingToEvacuate = new NothingToMove(OperationKind.Switchover, Mail3, []);
        var nothingToRestore = new NothingToMove(OperationKind.Failback, Mail1, [A]);
        var nothingHomed = new NothingToMove(OperationKind.Failback, Mail3, []);
        var noSuchNode = new NoSuchNode(OperationKind.Switchover, new NodeName("mail9"), [Mail1, Mail2]);
        var planned = new NodeMovesPlanned(OperationKind.Failback, Mail1, [new NodeMove(A, Mail2, Mail1, 2, false)]);

        Assert.Equal("evacuate mail2: mail3 already runs a and its capacity is 1: b there would be more than it may run at once (accept it with --accept-over-capacity).", overCapacity.Refusal?.Describe());
        Assert.Equal("nothing to evacuate: mail3 runs no service now", nothingToEvacuate.Refusal?.Describe());
        Assert.Equal("nothing to restore: every service homed on mail1 already runs there (homed there: a)", nothingToRestore.Refusal?.Describe());
        Assert.Equal("nothing to restore: every service homed on mail3 already runs there (homed there: none)", nothingHomed.Refusal?.Describe());
        Assert.Equal("evacuate mail9: no node named 'mail9' (configured: mail1, mail2)", noSuchNode.Refusal?.Describe());
        Assert.Null(planned.Refusal);
    }

    [Fact]
    public void Summary_NamesWhatMovedAndWhatDidNot_WhenDoneOrStopped()
    {
        var plan = new NodeMovesPlanned(OperationKind.Switchover, Mail2, [new NodeMove(A, Mail2, Mail1, 2, false), new NodeMove(B, Mail2, Mail1, 1, OverCapacityAccepted: true)]);

        var silent = new StepEvent("op", 6, "verify-vip", "Verify the VIP answers from the standby", StepState.Failed, new VipSilent(TimeSpan.FromSeconds(15), "connection refused"), TimeSpan.FromSeconds(15));
        var stopped = new NodeMoveOutcome(plan, [Report(FailoverOutcome.Succeeded), Report(FailoverOutcome.Failed, silent)]);
        var done = new NodeMoveOutcome(plan, [Report(FailoverOutcome.Succeeded), Report(FailoverOutcome.Succeeded)]);

        Assert.Equal("evacuate mail2 STOPPED at b (failed: Switchover stopped at 'Verify the VIP answers from the standby': the VIP does not answer after 15s: connection refused). Moved: a. Not moved: b (still where they were).", stopped.Summary);
        Assert.Equal("evacuate mail2: every service moved (a: mail2 → mail1, b: mail2 → mail1 (over its capacity, accepted)).", done.Summary);
    }
}
