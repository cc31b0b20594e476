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

        var refused = Assert.IsType<ServiceNotResolved>(Assert.IsType<Invalid>(parsed).Reason);
        Assert.Equal("switchover", refused.Command);
        Assert.Equal([new ServiceName("a"), new ServiceName("b")], Assert.IsType<NoServiceNamed>(refused.Failure).Configured);
    }

    [Fact]
    public void ParseArguments_IsRefusedNamingIt_WhenTheServiceOrNodeIsUnknown()
    {
        var service = VipOperationUseCase.ParseArguments(["c"], OperationKind.Failover, Symmetric());
        var node = VipOperationUseCase.ParseArguments(["a", "--to", "mail9"], OperationKind.Failover, Symmetric());

        var refused = Assert.IsType<ServiceNotResolved>(Assert.IsType<Invalid>(service).Reason);
        var noService = Assert.IsType<NoSuchService>(refused.Failure);
        Assert.Equal(("failover", "c"), (refused.Command, noService.Name));
        Assert.Equal([new ServiceName("a"), new ServiceName("b")], noService.Configured);
        var noNode = Assert.IsType<UnknownNode>(Assert.IsType<Invalid>(node).Reason);
        Assert.Equal(("--to", "mail9"), (noNode.Argument, noNode.Value));
        Assert.Equal(["mail1", "mail2"], noNode.Configured);
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

        var refused = Assert.IsType<ServiceNotResolved>(Assert.IsType<Invalid>(none).Reason);
        Assert.Equal("mirror run", refused.Command);
        Assert.Equal([new ServiceName("a"), new ServiceName("b")], Assert.IsType<NoServiceNamed>(refused.Failure).Configured);
        Assert.Equal(new ServiceName("b"), Assert.IsType<MirrorRunRequest>(Assert.IsType<Request>(named).Value).Service);
    }
}
