using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Configuration;

namespace MailHa.Operations.Tests.Topology;

/// <summary>The shipped examples in <c>config/</c>, loaded as they are and resolved with every topology rule.</summary>
public sealed class ExampleConfigurationTests
{
    private static (TopologyOptions Options, MailTopology Topology) Load(string file)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "config", file)))
        {
            directory = directory.Parent;
        }

        Assert.NotNull(directory);
        var configuration = new ConfigurationBuilder().AddJsonFile(Path.Combine(directory.FullName, "config", file)).Build();
        var options = configuration.GetSection(TopologyOptions.Section).Get<TopologyOptions>()!;
        var mirror = configuration.GetSection(MirrorOptions.Section).Get<MirrorOptions>()!;
        var failures = new List<string>();
        var topology = TopologyResolver.Resolve(options, mirror, failures);
        Assert.Empty(failures);
        Assert.Empty(MirrorOptionsValidator.Check(mirror, MirrorOptions.Section));
        return (options, topology!);
    }

    [Fact]
    public void JtMailExample_IsOneServiceOnThePair_AsItIs()
    {
        var (options, topology) = Load("jt-mail.example.json");

        var service = Assert.Single(topology.Services);
        Assert.Equal(new ServiceName("jt-mail"), service.Name);
        Assert.Equal([new NodeName("jt-mail1"), new NodeName("jt-mail2")], service.Nodes);
        Assert.Equal((options.Vip!.Address, "ge1:2"), (service.Vip.Address, service.Vip.Label));
        Assert.Equal(("msgstore", "/var/opt/mailha/roles"), (service.Mirror.Module, service.Mirror.StateFile));
        Assert.True(new ContinuousModeValidator(Microsoft.Extensions.Options.Options.Create(new MirrorOptions())).Validate(null, options).Succeeded);
    }

    [Fact]
    public void SymmetricExample_HasEachNodeHomeToOneServiceAndBackupOfTheOther()
    {
        var (options, topology) = Load("symmetric.example.json");

        Assert.Equal(["jt-mail-a", "jt-mail-b"], topology.Services.Select(s => s.Name.Value));
        Assert.Equal([new ServiceName("jt-mail-a")], topology.ServicesHomedOn(new NodeName("jt-mail1")).Select(s => s.Name));
        Assert.Equal([new NodeName("jt-mail1"), new NodeName("jt-mail2")], topology.Service(new ServiceName("jt-mail-a")).Nodes);
        Assert.Equal([new NodeName("jt-mail2"), new NodeName("jt-mail1")], topology.Service(new ServiceName("jt-mail-b")).Nodes);
        Assert.Equal("mail", topology.Service(new ServiceName("jt-mail-b")).Mirror.User);
        Assert.True(new ContinuousModeValidator(Microsoft.Extensions.Options.Options.Create(new MirrorOptions())).Validate(null, options).Succeeded);
    }

    [Fact]
    public void NPlusOneExample_HasOneStandbyOfCapacityOneBehindBothServices()
    {
        var (_, topology) = Load("n-plus-1.example.json");
        var standby = new NodeName("jt-mail3");

        Assert.Equal(1, topology.CapacityOf(standby));
        Assert.Empty(topology.ServicesHomedOn(standby));
        Assert.All(topology.Services, s => Assert.Equal(standby, s.Nodes[^1]));
        Assert.Equal(["jt-mail-a", "jt-mail-b"], topology.Services.Select(s => s.Name.Value));
        Assert.Null(topology.CapacityOf(new NodeName("jt-mail1")));
        Assert.Equal("*/10 * * * *", topology.Service(new ServiceName("jt-mail-b")).Mirror.Cron);
    }
}
