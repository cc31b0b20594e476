using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Topology;

/// <summary>
/// The sentence that tells the operator why a service is not placed, one per refusal, pinned once here; the behaviour
/// tests (<see cref="PlacementTests"/>) assert the typed refusal and its nodes.
/// </summary>
public class PlacementTextTests
{
    private static readonly ServiceName A = new("a"), B = new("b");
    private static readonly NodeName Mail1 = new("mail1"), Mail2 = new("mail2"), Mail3 = new("mail3");

    [Fact]
    public void Reason_SaysWhyTheServiceIsNotPlaced_ForEachRefusal()
    {
        Assert.Equal(
            "mail3 already runs a and its capacity is 1: b there would be more than it may run at once (accept it with --accept-over-capacity).",
            new OverCapacity(B, Mail3, [A], 1).Reason);
        Assert.Equal("mail3 is not one of a's nodes (mail1, mail2).", new NotAServiceNode(A, Mail3, [Mail1, Mail2]).Reason);
        Assert.Equal("a already runs on mail1.", new AlreadyRunsThere(A, Mail1).Reason);
        Assert.Equal("mail2 cannot be reached: a cannot move there.", new TargetUnreachable(A, Mail2).Reason);
        Assert.Equal("no other node of a can be reached (mail2): there is nowhere to move it.", new NoReachableNode(A, [Mail2]).Reason);
    }
}
