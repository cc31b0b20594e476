using MailHa.Bot.Pipeline;
using MailHa.Bot.UseCases;
using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Tests.Pipeline;

/// <summary>The SERVICE, <c>--to</c> and <c>--accept-over-capacity</c> of the operators' commands, parsed against a symmetric topology and the one pair.</summary>
public sealed class ServiceArgumentTests
{
    private static MailTopology Symmetric() => TopologyResolver.Resolve(
        new TopologyOptions
        {
            Nodes = [Node("mail1", 1), Node("mail2", 2)],
            Services = [Service("a", ["mail1", "mail2"], "198.18.15.10"), Service("b", ["mail2", "mail1"], "198.18.15.11")],
        },
        new MirrorOptions());

    private static MailTopology Pair() => TopologyResolver.Resolve(
        new TopologyOptions
        {
            Nodes = [Node("mail1", 1, NodeRole.Primary), Node("mail2", 2, NodeRole.Standby)],
            Vip = new VipOptions { Address = "198.18.15.10", Interface = "eth0", Label = "eth0:mail" },
        },
        new MirrorOptions());

    private static NodeOptions Node(string name, int n, NodeRole? role = null) =>
        new() { Name = name, Role = role, ServiceAddress = $"198.18.15.{n}", MirrorAddress = $"198.18.16.{n}" };

    private static ServiceOptions Service(string name, List<string> nodes, string address) => new()
    {
        Name = name,
        Nodes = nodes,
        Vip = new VipOptions { Address = address, Interface = "eth0", Label = $"eth0:{name}" },
        Mirror = new(StringComparer.OrdinalIgnoreCase)
        {
            ["Module"] = $"msgstore-{name}",
            ["StorePath"] = $"/srv/msgstore/{name}/store/partition",
            ["StateFile"] = $"/srv/state/mailha-roles-{name}",
        },
    };

    [Fact]
    public void ParseArguments_NamesTheServiceNodeAndAcceptance_WhenAllAreGiven()
    {
        var parsed = VipOperationUseCase.ParseArguments(["b", "--to", "mail1", "--accept-over-capacity", "--primary-down"], OperationKind.Failover, Symmetric());

        var request = Assert.IsType<VipOperationRequest>(Assert.IsType<Request>(parsed).Value);
        Assert.Equal((new ServiceName("b"), (NodeName?)new NodeName("mail1")), (request.Service!.Value, request.To));
        Assert.Equal(new FailoverOverrides(PrimaryDown: true, OverCapacity: true), request.Overrides);
    }

    [Fact]
    public void ParseArguments_IsRefusedListingTheServices_WhenSeveralAreConfiguredAndNoneNamed()
    {
        var parsed = VipOperationUseCase.ParseArguments([], OperationKind.Switchover, Symmetric());

        Assert.Equal("switchover: 2 services are configured (a, b): name one", Assert.IsType<Invalid>(parsed).Message);
    }

    [Fact]
    public void ParseArguments_IsRefusedNamingIt_WhenTheServiceOrNodeIsUnknown()
    {
        var service = VipOperationUseCase.ParseArguments(["c"], OperationKind.Failover, Symmetric());
        var node = VipOperationUseCase.ParseArguments(["a", "--to", "mail9"], OperationKind.Failover, Symmetric());

        Assert.Equal("failover: no service named 'c' (configured: a, b)", Assert.IsType<Invalid>(service).Message);
        Assert.Equal("--to: no node named 'mail9' (configured: mail1, mail2)", Assert.IsType<Invalid>(node).Message);
    }

    [Fact]
    public void ParseArguments_TakesTheOnlyService_WhenThereIsOneAndNoneIsNamed()
    {
        var parsed = VipOperationUseCase.ParseArguments([], OperationKind.Failover, Pair());

        var request = Assert.IsType<VipOperationRequest>(Assert.IsType<Request>(parsed).Value);
        Assert.Null(request.Service);
        Assert.Equal(Pair().Services[0].Name, ServiceArgument.Resolve(Pair(), request.Service).Service!.Name);
    }

    [Fact]
    public void Only_IsRefusedListingTheServices_WhenAMirrorCommandNamesNone()
    {
        var none = ServiceArgument.Only(Symmetric(), [], "mirror run", s => new MirrorRunRequest(s));
        var named = ServiceArgument.Only(Symmetric(), ["B"], "mirror run", s => new MirrorRunRequest(s));

        Assert.Equal("mirror run: 2 services are configured (a, b): name one", Assert.IsType<Invalid>(none).Message);
        Assert.Equal(new ServiceName("b"), Assert.IsType<MirrorRunRequest>(Assert.IsType<Request>(named).Value).Service);
    }
}
