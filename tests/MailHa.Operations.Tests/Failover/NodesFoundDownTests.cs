using MailHa.Operations.Failover;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Time.Testing;

namespace MailHa.Operations.Tests.Failover;

public sealed class NodesFoundDownTests
{
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");

    private static Unreachable Dead(NodeName node) => new Unreachable(node, "connect timeout");

    private static Exited Alive(NodeName node) => new Exited(node, 0, "", "", TimeSpan.Zero);

    [Fact]
    public void Find_ReturnsWhyThePlanCouldNotReachTheNode_WhileTheFindingStands()
    {
        var time = new FakeTimeProvider();
        var found = new NodesFoundDown(time);

        found.Record([Dead(Mail1), Alive(Mail2)]);
        time.Advance(NodesFoundDown.StandsFor);

        Assert.Equal(Dead(Mail1), found.Find(Mail1));
        Assert.Null(found.Find(Mail2));
        Assert.True(found.Answering([Mail1, Mail2]).SetEquals([Mail2]));
    }

    [Fact]
    public void Find_ReturnsNull_WhenTheFindingIsOlderThanItStands()
    {
        var time = new FakeTimeProvider();
        var found = new NodesFoundDown(time);

        found.Record([Dead(Mail1)]);
        time.Advance(NodesFoundDown.StandsFor + TimeSpan.FromSeconds(1));

        Assert.Null(found.Find(Mail1));
        Assert.True(found.Answering([Mail1, Mail2]).SetEquals([Mail1, Mail2]));
    }

    [Fact]
    public void Find_ReturnsNull_WhenALaterPlanReachedTheNode()
    {
        var found = new NodesFoundDown(new FakeTimeProvider());

        found.Record([Dead(Mail1)]);
        found.Record([Alive(Mail1)]);

        Assert.Null(found.Find(Mail1));
    }
}
