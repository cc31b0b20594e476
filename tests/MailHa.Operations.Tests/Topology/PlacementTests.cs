using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Topology;

public sealed class PlacementTests
{
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");
    private static readonly NodeName Mail3 = new("mail3");
    private static readonly ServiceName A = new("a");
    private static readonly ServiceName B = new("b");

    /// <summary>Nodes mail1..mailN (the last with <paramref name="lastCapacity"/>) and one service per list, named a, b, ...</summary>
    private static MailTopology Topology(int nodes, int? lastCapacity, params string[][] services) => TopologyResolver.Resolve(
        new TopologyOptions
        {
            Nodes = [.. Enumerable.Range(1, nodes).Select(n => new NodeOptions { Name = $"mail{n}", ServiceAddress = $"198.18.15.{n}", Capacity = n == nodes ? lastCapacity : null })],
            Services = [.. services.Select((list, i) => new ServiceOptions
            {
                Name = ((char)('a' + i)).ToString(),
                Nodes = [.. list],
                Vip = new VipOptions { Address = $"198.18.15.{10 + i}", Interface = "eth0", Label = $"eth0:{i}" },
                Mirror = new() { ["Module"] = $"m{i}", ["StorePath"] = $"/srv/{i}", ["StateFile"] = $"/var/lib/mailha/roles-{i}" },
            })],
        },
        new MirrorOptions());

    private static HashSet<NodeName> Up(params NodeName[] nodes) => [.. nodes];

    [Fact]
    public void Place_MovesToTheStandby_WhenAsymmetric()
    {
        var topology = Topology(2, null, ["mail1", "mail2"]);

        var decision = Placement.Place(topology, A, new Dictionary<ServiceName, NodeName> { [A] = Mail1 }, Up(Mail2));

        Assert.Equal(new PlacedOn(A, Mail2), decision);
    }

    [Fact]
    public void Place_RefusesNamingTheUnreachableNodes_WhenNoOtherNodeAnswers()
    {
        var topology = Topology(2, null, ["mail1", "mail2"]);

        var decision = Placement.Place(topology, A, new Dictionary<ServiceName, NodeName> { [A] = Mail1 }, Up(Mail1));

        var refused = Assert.IsType<NoReachableNode>(decision);
        Assert.Equal([Mail2], refused.Unreachable);
        Assert.Contains("mail2", refused.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Place_PutsBothServicesOnTheSurvivor_WhenSymmetricWithoutCapacity()
    {
        var topology = Topology(2, null, ["mail1", "mail2"], ["mail2", "mail1"]);

        var decision = Placement.Place(topology, A, new Dictionary<ServiceName, NodeName> { [A] = Mail1, [B] = Mail2 }, Up(Mail2));

        Assert.Equal(new PlacedOn(A, Mail2), decision);
    }

    [Fact]
    public void Place_FailsBackHome_WhenTheServiceRunsOnItsBackup()
    {
        var topology = Topology(2, null, ["mail1", "mail2"], ["mail2", "mail1"]);

        var decision = Placement.Place(topology, A, new Dictionary<ServiceName, NodeName> { [A] = Mail2, [B] = Mail2 }, Up(Mail1, Mail2));

        Assert.Equal(new PlacedOn(A, Mail1), decision);
    }

    [Fact]
    public void Place_MovesToTheSpare_WhenNPlusOneWithCapacityOneIsFree()
    {
        var topology = Topology(3, 1, ["mail1", "mail3"], ["mail2", "mail3"]);

        var decision = Placement.Place(topology, A, new Dictionary<ServiceName, NodeName> { [A] = Mail1, [B] = Mail2 }, Up(Mail2, Mail3));

        Assert.Equal(new PlacedOn(A, Mail3), decision);
    }

    [Fact]
    public void Place_RefusesNamingNodeServicesAndCapacity_WhenNPlusOneSpareIsFull()
    {
        var topology = Topology(3, 1, ["mail1", "mail3"], ["mail2", "mail3"]);
        var running = new Dictionary<ServiceName, NodeName> { [A] = Mail3, [B] = Mail2 };

        var decision = Placement.Place(topology, B, running, Up(Mail3));

        var refused = Assert.IsType<OverCapacity>(decision);
        Assert.Equal((Mail3, 1), (refused.Node, refused.Capacity));
        Assert.Equal([A], refused.Running);
        Assert.Equal(B, refused.Service);
    }

    [Fact]
    public void Place_GoesOverCapacity_WhenTheApproverAcceptsIt()
    {
        var topology = Topology(3, 1, ["mail1", "mail3"], ["mail2", "mail3"]);
        var running = new Dictionary<ServiceName, NodeName> { [A] = Mail3, [B] = Mail2 };

        var decision = Placement.Place(topology, B, running, Up(Mail3), acceptOverCapacity: true);

        Assert.Equal(new PlacedOn(B, Mail3, OverCapacityAccepted: true), decision);
    }

    [Fact]
    public void Place_PutsBothOnTheSpare_WhenNPlusOneWithCapacityTwo()
    {
        var topology = Topology(3, 2, ["mail1", "mail3"], ["mail2", "mail3"]);
        var running = new Dictionary<ServiceName, NodeName> { [A] = Mail3, [B] = Mail2 };

        var decision = Placement.Place(topology, B, running, Up(Mail3));

        Assert.Equal(new PlacedOn(B, Mail3), decision);
    }

    [Fact]
    public void Place_SkipsAFullNodeForTheNextWithRoom_InListOrder()
    {
        var topology = Topology(3, 1, ["mail3", "mail1"], ["mail2", "mail3", "mail1"]);
        var running = new Dictionary<ServiceName, NodeName> { [A] = Mail3, [B] = Mail2 };

        var decision = Placement.Place(topology, B, running, Up(Mail1, Mail3));

        Assert.Equal(new PlacedOn(B, Mail1), decision);
    }

    [Fact]
    public void Place_ContinuesAfterTheCurrentNodeAndWraps_WhenTheServiceRunsOnABackup()
    {
        var topology = Topology(3, null, ["mail1", "mail2", "mail3"]);

        var decision = Placement.Place(topology, A, new Dictionary<ServiceName, NodeName> { [A] = Mail2 }, Up(Mail1, Mail3));

        Assert.Equal(new PlacedOn(A, Mail3), decision);
    }

    [Fact]
    public void Place_HonoursTo_WhenTheNodeIsInTheList()
    {
        var topology = Topology(3, null, ["mail1", "mail2", "mail3"]);

        var decision = Placement.Place(topology, A, new Dictionary<ServiceName, NodeName> { [A] = Mail1 }, Up(Mail2, Mail3), to: Mail3);

        Assert.Equal(new PlacedOn(A, Mail3), decision);
    }

    [Fact]
    public void Place_RefusesTo_WhenTheNodeIsNotInTheListRunsItAlreadyOrIsDown()
    {
        var topology = Topology(3, null, ["mail1", "mail2"]);
        var running = new Dictionary<ServiceName, NodeName> { [A] = Mail1 };

        Assert.IsType<NotAServiceNode>(Placement.Place(topology, A, running, Up(Mail1, Mail2, Mail3), to: Mail3));
        Assert.IsType<AlreadyRunsThere>(Placement.Place(topology, A, running, Up(Mail1, Mail2), to: Mail1));
        Assert.IsType<TargetUnreachable>(Placement.Place(topology, A, running, Up(Mail1), to: Mail2));
    }

    [Fact]
    public void Place_ChecksCapacityOfTo_UnlessAccepted()
    {
        var topology = Topology(3, 1, ["mail1", "mail3"], ["mail2", "mail3"]);
        var running = new Dictionary<ServiceName, NodeName> { [A] = Mail3, [B] = Mail2 };

        Assert.IsType<OverCapacity>(Placement.Place(topology, B, running, Up(Mail2, Mail3), to: Mail3));
        Assert.Equal(new PlacedOn(B, Mail3, true), Placement.Place(topology, B, running, Up(Mail2, Mail3), to: Mail3, acceptOverCapacity: true));
    }
}
