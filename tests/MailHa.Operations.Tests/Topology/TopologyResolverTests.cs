using Microsoft.Extensions.Options;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Topology;

public sealed class TopologyResolverTests
{
    /// <summary>Symmetric: a on [mail1, mail2], b on [mail2, mail1], each with its own store, module, state file and label.</summary>
    private static TopologyOptions Symmetric() => new()
    {
        Nodes = [Node("mail1", 1), Node("mail2", 2)],
        Services =
        [
            Service("a", ["mail1", "mail2"], "198.18.15.10", "eth0:a"),
            Service("b", ["mail2", "mail1"], "198.18.15.11", "eth0:b"),
        ],
    };

    private static NodeOptions Node(string name, int n, NodeRole? role = null) =>
        new() { Name = name, Role = role, ServiceAddress = $"198.18.15.{n}", MirrorAddress = $"198.18.16.{n}" };

    private static ServiceOptions Service(string name, List<string> nodes, string address, string label) => new()
    {
        Name = name,
        Nodes = nodes,
        Vip = new VipOptions { Address = address, Interface = "eth0", Label = label },
        Mirror = new(StringComparer.OrdinalIgnoreCase)
        {
            ["Module"] = $"msgstore-{name}",
            ["StorePath"] = $"/srv/msgstore/{name}/store/partition",
            ["StateFile"] = $"/var/lib/mailha/roles-{name}",
        },
    };

    private static List<string> Failures(TopologyOptions options, MirrorOptions? defaults = null)
    {
        var failures = new List<string>();
        Assert.Null(TopologyResolver.Resolve(options, defaults ?? new MirrorOptions(), failures));
        return failures;
    }

    [Fact]
    public void Resolve_BuildsOneServiceFromVipMirrorAndRoles_WhenNoServicesAreConfigured()
    {
        var defaults = new MirrorOptions();
        var options = new TopologyOptions
        {
            Nodes = [Node("mail2", 2, NodeRole.Standby), Node("mail1", 1, NodeRole.Primary)],
            Vip = new VipOptions { Address = "198.18.15.10", Interface = "eth0", Label = "eth0:mail", HostName = "jt-mail.dnmc.com.cn" },
        };

        var service = Assert.Single(TopologyResolver.Resolve(options, defaults).Services);

        Assert.Equal(new ServiceName("jt-mail"), service.Name);
        Assert.Equal([new NodeName("mail1"), new NodeName("mail2")], service.Nodes);
        Assert.Same(options.Vip, service.Vip);
        Assert.Same(defaults, service.Mirror);
    }

    [Fact]
    public void Resolve_NamesTheImplicitServiceMail_WhenTheVipHasNoHostName()
    {
        var options = new TopologyOptions
        {
            Nodes = [Node("mail1", 1, NodeRole.Primary), Node("mail2", 2, NodeRole.Standby)],
            Vip = new VipOptions { Address = "198.18.15.10" },
        };

        Assert.Equal(new ServiceName(TopologyResolver.DefaultServiceName), Assert.Single(TopologyResolver.Resolve(options, new MirrorOptions()).Services).Name);
    }

    [Fact]
    public void Resolve_KeepsTheOnePairRules_WhenNoServicesAreConfigured()
    {
        var options = new TopologyOptions
        {
            Nodes = [Node("mail1", 1, NodeRole.Primary), Node("mail2", 2, NodeRole.Primary)],
            Vip = new VipOptions { Address = "198.18.15.10" },
        };

        Assert.Contains("MailHa:Nodes: exactly one node must have Role 'Primary' and one 'Standby'.", Failures(options));
        Assert.Contains(Failures(new TopologyOptions { Nodes = options.Nodes }), f => f.StartsWith("MailHa:Vip: required", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_LaysAServicesMirrorKeysOverMailHaMirror()
    {
        var defaults = new MirrorOptions { User = "mail", Cron = "*/10 * * * *", MaxDelete = 200 };
        var options = Symmetric();
        options.Services[1].Mirror["Cron"] = "*/5 * * * *";

        var topology = TopologyResolver.Resolve(options, defaults);

        var a = topology.Service(new ServiceName("a")).Mirror;
        var b = topology.Service(new ServiceName("b")).Mirror;
        Assert.Equal(("msgstore-a", "/srv/msgstore/a/store/partition", "/var/lib/mailha/roles-a"), (a.Module, a.StorePath, a.StateFile));
        Assert.Equal(("*/10 * * * *", "*/5 * * * *"), (a.Cron, b.Cron));
        Assert.Equal((200, "mail"), (b.MaxDelete, b.User));
        Assert.Equal("msgstore", defaults.Module);
    }

    [Fact]
    public void Resolve_AnswersLookups_ForASymmetricTopology()
    {
        var topology = TopologyResolver.Resolve(Symmetric(), new MirrorOptions());

        Assert.Equal([new ServiceName("a")], topology.ServicesHomedOn(new NodeName("MAIL1")).Select(s => s.Name));
        Assert.Equal([new NodeName("mail2"), new NodeName("mail1")], topology.Service(new ServiceName("b")).Nodes);
        Assert.Equal(new NodeName("mail1"), topology.Service(new ServiceName("b")).StandbyFor(new NodeName("mail2")));
        Assert.Null(topology.Resolve(null).Service);
    }

    [Fact]
    public void ResolveService_NamesNoServiceAndSaysWhy_WhenTheNameIsUnknownOrNoneIsNamedAmongSeveral()
    {
        var symmetric = TopologyResolver.Resolve(Symmetric(), new MirrorOptions());
        var pair = TopologyResolver.Resolve(
            new TopologyOptions { Nodes = [Node("mail1", 1, NodeRole.Primary), Node("mail2", 2, NodeRole.Standby)], Vip = new VipOptions { Address = "198.18.15.10" } },
            new MirrorOptions());

        var (none, notNamed) = symmetric.Resolve(null);
        var (unknown, noSuch) = symmetric.Resolve("c");
        var (blank, empty) = symmetric.Resolve(" ");

        Assert.Null(none);
        Assert.Equal([new ServiceName("a"), new ServiceName("b")], Assert.IsType<NoServiceNamed>(notNamed).Configured);
        Assert.Null(unknown);
        Assert.Equal("c", Assert.IsType<NoSuchService>(noSuch).Name);
        Assert.Equal([new ServiceName("a"), new ServiceName("b")], noSuch.Configured);
        Assert.Null(blank);
        Assert.Equal(" ", Assert.IsType<NoSuchService>(empty).Name);
        Assert.Equal((new ServiceName("b"), null), (symmetric.Resolve("B").Service?.Name, symmetric.Resolve("B").Failure));
        Assert.Equal((pair.Services[0].Name, null), (pair.Resolve(null).Service?.Name, pair.Resolve(null).Failure));
    }

    [Fact]
    public void Resolve_NamesTheKey_WhenAServiceNamesAnUnknownNode()
    {
        var options = Symmetric();
        options.Services[1].Nodes = ["mail9", "mail1"];

        Assert.Contains("MailHa:Services:1:Nodes:0: no node named 'mail9' in MailHa:Nodes.", Failures(options));
    }

    [Fact]
    public void Resolve_NamesTheKey_WhenAServiceHasFewerThanTwoNodes()
    {
        var options = Symmetric();
        options.Services[0].Nodes = ["mail1"];

        Assert.Contains(Failures(options), f => f.StartsWith("MailHa:Services:0:Nodes: at least two nodes are required", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_NamesTheKey_WhenANodeIsTwiceInOneList()
    {
        var options = Symmetric();
        options.Services[0].Nodes = ["mail1", "MAIL1"];

        Assert.Contains(Failures(options), f => f.StartsWith("MailHa:Services:0:Nodes:1: 'MAIL1' is already MailHa:Services:0:Nodes:0", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_NamesTheKey_WhenTwoServicesHaveOneName()
    {
        var options = Symmetric();
        options.Services[1].Name = "A";

        Assert.Contains("MailHa:Services:1:Name: duplicates MailHa:Services:0:Name ('A').", Failures(options));
    }

    [Fact]
    public void Resolve_NamesTheKey_WhenTwoServicesHaveOneVip()
    {
        var options = Symmetric();
        options.Services[1].Vip.Address = "198.18.15.10";

        Assert.Contains(Failures(options), f => f.StartsWith("MailHa:Services:1:Vip:Address: '198.18.15.10' is already the VIP of service 'a'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("StorePath", "/srv/msgstore/a/store/partition")]
    [InlineData("Module", "msgstore-a")]
    [InlineData("StateFile", "/var/lib/mailha/roles-a")]
    public void Resolve_NamesTheKey_WhenTwoServicesShareAStoreOnASharedNode(string key, string value)
    {
        var options = Symmetric();
        options.Services[1].Mirror[key] = value;

        Assert.Contains(Failures(options), f => f.StartsWith($"MailHa:Services:1:Mirror:{key}: '{value}' is also", StringComparison.Ordinal) && f.Contains("mail1, mail2", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_NamesTheKey_WhenAServiceInheritsTheSameStoreAsAnother()
    {
        var options = Symmetric();
        options.Services[0].Mirror.Remove("StorePath");
        options.Services[1].Mirror.Remove("StorePath");

        Assert.Contains(Failures(options), f => f.StartsWith("MailHa:Services:1:Mirror:StorePath: '/home1/msgstore/store/partition' is also the store of service 'a'", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_AcceptsOneStorePath_WhenTheServicesShareNoNode()
    {
        var options = new TopologyOptions
        {
            Nodes = [Node("mail1", 1), Node("mail2", 2), Node("mail3", 3), Node("mail4", 4)],
            Services = [Service("a", ["mail1", "mail2"], "198.18.15.10", "eth0:mail"), Service("b", ["mail3", "mail4"], "198.18.15.11", "eth0:mail")],
        };
        options.Services[1].Mirror = options.Services[0].Mirror;

        Assert.Equal(2, TopologyResolver.Resolve(options, new MirrorOptions()).Services.Count);
    }

    [Fact]
    public void Resolve_NamesTheKey_WhenALabelIsUsedTwiceOnOneInterfaceOfASharedNode()
    {
        var options = Symmetric();
        options.Services[1].Vip.Label = "eth0:a";

        Assert.Contains(Failures(options), f => f.StartsWith("MailHa:Services:1:Vip:Label: 'eth0:a' on eth0 is also the VIP label of service 'a'", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_NamesTheKey_WhenACapacityIsBelowTheServicesHomedOnTheNode()
    {
        var options = Symmetric();
        options.Services[1].Nodes = ["mail1", "mail2"];
        options.Services[1].Vip.Label = "eth0:b";
        options.Nodes[0].Capacity = 1;

        Assert.Contains("MailHa:Nodes:0:Capacity: 1 is below the 2 services homed on mail1 (a, b).", Failures(options));
    }

    [Fact]
    public void Resolve_RefusesToMixTheShapes_WhenServicesComeWithAVipOrRoles()
    {
        var options = Symmetric();
        options.Vip = new VipOptions { Address = "198.18.15.12" };
        options.Nodes[1].Role = NodeRole.Standby;

        var failures = Failures(options);

        Assert.Contains(failures, f => f.StartsWith("MailHa:Vip: the one-pair shape cannot be mixed with MailHa:Services", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MailHa:Nodes:1:Role: the one-pair shape cannot be mixed with MailHa:Services", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_NamesTheReplacements_WhenTheRetiredDrainCommandIsSet()
    {
        var options = Symmetric();
        options.Services[1].Mirror["DrainCommand"] = "until postqueue -p | grep -q empty; do sleep 1; done";

        var failures = Failures(options);

        Assert.Contains(failures, f => f.StartsWith("MailHa:Services:1:Mirror:DrainCommand is retired: set MailHa:Services:1:Mirror:QueueCountCommand", StringComparison.Ordinal));
    }

    [Fact]
    public void Resolve_NamesTheKey_WhenAServiceMirrorKeyIsUnknownOrInvalid()
    {
        var options = Symmetric();
        options.Services[0].Mirror["Modle"] = "x";
        options.Services[0].Mirror["MaxDelete"] = "many";
        options.Services[1].Mirror["Cron"] = "every ten minutes";
        options.Services[1].Mirror["StorePath"] = "relative/path";

        var failures = Failures(options);

        Assert.Contains("MailHa:Services:0:Mirror:Modle: not a MailHa:Mirror key.", failures);
        Assert.Contains("MailHa:Services:0:Mirror:MaxDelete: 'many' is not a valid value.", failures);
        Assert.Contains(failures, f => f.StartsWith("MailHa:Services:1:Mirror:Cron: 'every ten minutes' is not a cron expression", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("MailHa:Services:1:Mirror:StorePath: must be an absolute path", StringComparison.Ordinal));
    }

    [Fact]
    public void ContinuousModeValidator_AcceptsSeveralServices_WhenNoneStreams()
    {
        Assert.True(new ContinuousModeValidator(Options.Create(new MirrorOptions())).Validate(null, Symmetric()).Succeeded);
    }

    [Fact]
    public void ContinuousModeValidator_AcceptsTwoStreamingServices_EachWithItsOwnStream()
    {
        var options = Symmetric();
        var mirror = new MirrorOptions { Mode = MirrorMode.Continuous };

        Assert.True(new ContinuousModeValidator(Options.Create(mirror)).Validate(null, options).Succeeded);
        Assert.Equal(["a", "b"], new MirrorStreams(TopologyResolver.Resolve(options, mirror), TimeProvider.System).Services.Select(s => s.Name.Value));
    }
}
