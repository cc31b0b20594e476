using MailHa.Bot.Hosting;
using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.Topology;

/// <summary>The <c>mailha.json</c> that <c>lab/lab up</c> writes, loaded as it is by the verbs' host.</summary>
[Collection(LabCollection.Name)]
public sealed class LabTopologyTests(LabFixture lab)
{
    [Fact]
    public void LabConfiguration_IsOneServiceHomedOnMail1WithMail2AsBackup()
    {
        lab.RequireLab();

        using var host = CliHost.Build(lab.ConfigPath);

        var topology = host.Services.GetRequiredService<MailTopology>();
        var service = Assert.Single(topology.Services);
        Assert.Equal([new NodeName("mail1"), new NodeName("mail2")], service.Nodes);
        Assert.Equal("198.18.15.10", service.Vip.Address);
        Assert.Equal([service], topology.ServicesHomedOn(new NodeName("mail1")));
    }
}
