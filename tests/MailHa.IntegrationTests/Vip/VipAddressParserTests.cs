using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.Vip;

/// <summary>The address-list parser on what the lab's nodes really print for <c>ip -o addr show</c>.</summary>
[Collection(LabCollection.Name)]
public sealed class VipAddressParserTests(LabFixture lab)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("mail1", true)]
    [InlineData("mail2", false)]
    public async Task Holds_IsTrueOnlyOnVipHolder_WhenGivenNodesRealAddressList(string node, bool holds)
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var host = scope.Build();
        var shell = host.Services.GetRequiredService<IRemoteShell>();

        var listed = await shell.RunAsync(new NodeName(node), VipCommands.ListAddresses(NodePlatform.Linux), Token);

        var exited = Assert.IsType<Exited>(listed);
        Assert.Equal(0, exited.Code);
        Assert.Equal(holds, VipAddressParser.Holds(NodePlatform.Linux, exited.StdOut, "198.18.15.10"));
        // The node's own address is always there: the parser is not just saying no.
        Assert.True(VipAddressParser.Holds(NodePlatform.Linux, exited.StdOut, node == "mail1" ? "198.18.15.1" : "198.18.15.2"));
    }
}
