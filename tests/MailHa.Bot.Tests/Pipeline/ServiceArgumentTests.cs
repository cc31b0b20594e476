using MailHa.Bot.Pipeline;
using MailHa.Bot.UseCases;
using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;
using static MailHa.TestSupport.Topology.ServiceTopologies;

namespace MailHa.Bot.Tests.Pipeline;

/// <summary>The SERVICE, <c>--to</c> and <c>--accept-over-capacity</c> of the operators' commands, parsed against a symmetric topology and the one pair.</summary>
public sealed class ServiceArgumentTests
{
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
