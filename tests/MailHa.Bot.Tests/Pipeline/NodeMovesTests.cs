using MailHa.Bot.Pipeline;
using MailHa.Bot.UseCases;
using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;
using static MailHa.TestSupport.Topology.ServiceTopologies;

namespace MailHa.Bot.Tests.Pipeline;

/// <summary>The plans of <c>evacuate NODE</c> and <c>restore NODE</c> against a symmetric and an N+1 topology, and their grammar.</summary>
public sealed class NodeMovesTests
{
    private static readonly NodeName Mail1 = new("mail1"), Mail2 = new("mail2"), Mail3 = new("mail3");
    private static readonly ServiceName A = new("a"), B = new("b");

    private static RoleState Runs(ServiceName service, NodeName active, NodeName standby, long generation = 1) =>
        new(service, generation, active, standby, false, DateTimeOffset.UnixEpoch, "test", "test");

    [Fact]
    public void Evacuate_MovesOnlyTheServiceActiveOnTheNode_InASymmetricSite()
    {
        var plan = NodeMoves.Plan(Symmetric(), OperationKind.Switchover, Mail1, [Runs(A, Mail1, Mail2), Runs(B, Mail2, Mail1)], acceptOverCapacity: false);

        var planned = Assert.IsType<NodeMovesPlanned>(plan);
        Assert.Equal([new NodeMove(A, Mail1, Mail2, 1, false)], planned.Moves);
    }

    [Fact]
    public void Restore_MovesTheServiceHomedOnTheNodeBack_AfterAnEvacuation()
    {
        var plan = NodeMoves.Plan(Symmetric(), OperationKind.Failback, Mail1, [Runs(A, Mail2, Mail1, 2), Runs(B, Mail2, Mail1)], acceptOverCapacity: false);

        var planned = Assert.IsType<NodeMovesPlanned>(plan);
        Assert.Equal([new NodeMove(A, Mail2, Mail1, 2, false)], planned.Moves);
    }

    [Fact]
    public void Evacuate_MovesEveryServiceOnTheNode_OneAfterAnotherInConfigurationOrder()
    {
        // mail2 ran both after a failover of a: evacuating it sends a home and b to mail1 too (its only other node).
        var plan = NodeMoves.Plan(Symmetric(), OperationKind.Switchover, Mail2, [Runs(A, Mail2, Mail1, 2), Runs(B, Mail2, Mail1)], acceptOverCapacity: false);

        Assert.Equal([new NodeMove(A, Mail2, Mail1, 2, false), new NodeMove(B, Mail2, Mail1, 1, false)], Assert.IsType<NodeMovesPlanned>(plan).Moves);
    }

    [Fact]
    public void Evacuate_IsRefusedNamingTheNodeItWouldOverfill_WhenTheStandbyHasCapacityOne()
    {
        // N+1: a already failed over to mail3 (capacity 1); evacuating mail2 would put b there too.
        var plan = NodeMoves.Plan(NPlusOne(1), OperationKind.Switchover, Mail2, [Runs(A, Mail3, Mail1, 2), Runs(B, Mail2, Mail3)], acceptOverCapacity: false);

        var refused = Assert.IsType<NodeMoveRefused>(plan);
        Assert.Empty(refused.Moves);
        var over = Assert.IsType<OverCapacity>(refused.Placement);
        Assert.Equal((B, Mail3, 1), (over.Service, over.Node, over.Capacity));
        Assert.Equal([A], over.Running);
    }

    [Fact]
    public void Evacuate_PlacesBeyondCapacity_WhenTheApproverAcceptsIt()
    {
        var plan = NodeMoves.Plan(NPlusOne(1), OperationKind.Switchover, Mail2, [Runs(A, Mail3, Mail1, 2), Runs(B, Mail2, Mail3)], acceptOverCapacity: true);

        Assert.Equal([new NodeMove(B, Mail2, Mail3, 1, true)], Assert.IsType<NodeMovesPlanned>(plan).Moves);
    }

    [Fact]
    public void Plan_SaysThereIsNothingToMove_WhenTheNodeRunsNothingOrEverythingIsHome()
    {
        var evacuate = NodeMoves.Plan(NPlusOne(1), OperationKind.Switchover, Mail3, [Runs(A, Mail1, Mail3), Runs(B, Mail2, Mail3)], acceptOverCapacity: false);
        var restore = NodeMoves.Plan(Symmetric(), OperationKind.Failback, Mail1, [Runs(A, Mail1, Mail2), Runs(B, Mail2, Mail1)], acceptOverCapacity: false);

        Assert.Equal((OperationKind.Switchover, Mail3), (Assert.IsType<NothingToMove>(evacuate).Kind, evacuate.Node));
        Assert.Equal([A], Assert.IsType<NothingToMove>(restore).HomedThere);
    }

    [Fact]
    public void Plan_IsRefusedWithTheConfiguredNodes_WhenTheNodeIsUnknown()
    {
        var plan = NodeMoves.Plan(Symmetric(), OperationKind.Switchover, new NodeName("mail9"), [Runs(A, Mail1, Mail2), Runs(B, Mail2, Mail1)], acceptOverCapacity: false);

        Assert.Equal([Mail1, Mail2], Assert.IsType<NoSuchNode>(plan).Configured);
        Assert.Empty(plan.Moves);
    }

    [Fact]
    public void ParseArguments_IsRefusedNamingTheNode_WhenItIsUnknownOrMissing()
    {
        var unknown = NodeMoveUseCase.ParseArguments(["mail9"], OperationKind.Switchover, Symmetric());
        var missing = NodeMoveUseCase.ParseArguments([], OperationKind.Failback, Symmetric());
        var named = NodeMoveUseCase.ParseArguments(["MAIL1", "--accept-over-capacity"], OperationKind.Switchover, Symmetric());

        var notANode = Assert.IsType<UnknownNode>(Assert.IsType<Invalid>(unknown).Reason);
        Assert.Equal(("evacuate", "mail9"), (notANode.Argument, notANode.Value));
        Assert.Equal(["mail1", "mail2"], notANode.Configured);
        Assert.Equal(new WrongArguments("restore", ExpectedArguments.OneNode), Assert.IsType<Invalid>(missing).Reason);
        Assert.Equal(new NodeMoveRequest(OperationKind.Switchover, Mail1, AcceptOverCapacity: true), Assert.IsType<Request>(named).Value);
    }

    [Fact]
    public void Outcome_NamesWhatMovedAndWhatDidNot_WhenAMoveFails()
    {
        var plan = new NodeMovesPlanned(OperationKind.Switchover, Mail2, [new NodeMove(A, Mail2, Mail1, 2, false), new NodeMove(B, Mail2, Mail1, 1, false)]);
        FailoverReport Report(ServiceName service, OperationKind kind, FailoverOutcome outcome) =>
            new("op", service, kind, Mail2, Mail1, outcome, [], null, null, new CheckStatusAndRetry(), "alice", "bob", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);

        var outcome = new NodeMoveOutcome(plan, [Report(A, OperationKind.Switchover, FailoverOutcome.Succeeded), Report(B, OperationKind.Switchover, FailoverOutcome.Failed)]);

        Assert.False(outcome.Succeeded);
        Assert.Equal([A], outcome.Moved);
        Assert.Equal([B], outcome.NotMoved);
    }
}
