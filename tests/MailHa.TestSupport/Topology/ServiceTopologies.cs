using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;

namespace MailHa.TestSupport.Topology;

/// <summary>
/// Resolved topologies for unit tests, with short service names <c>a</c> and <c>b</c> and the lab's addresses: the
/// symmetric site, the N+1 site and the one pair. One copy, shared by the Operations and Bot tests.
/// </summary>
public static class ServiceTopologies
{
    /// <summary>a on [mail1, mail2] (VIP .10), b on [mail2, mail1] (VIP .11).</summary>
    public static MailTopology Symmetric() => TopologyResolver.Resolve(
        new TopologyOptions
        {
            Nodes = [Node("mail1", 1), Node("mail2", 2)],
            Services = [Service("a", ["mail1", "mail2"], "198.18.15.10"), Service("b", ["mail2", "mail1"], "198.18.15.11")],
        },
        new MirrorOptions());

    /// <summary>N+1: a on [mail1, mail3], b on [mail2, mail3]; mail3 has room for <paramref name="capacity"/>.</summary>
    public static MailTopology NPlusOne(int capacity = 1) => TopologyResolver.Resolve(
        new TopologyOptions
        {
            Nodes = [Node("mail1", 1), Node("mail2", 2), Node("mail3", 3, capacity: capacity)],
            Services = [Service("a", ["mail1", "mail3"], "198.18.15.10"), Service("b", ["mail2", "mail3"], "198.18.15.11")],
        },
        new MirrorOptions());

    /// <summary>The one pair: mail1 primary, mail2 standby, one implicit service.</summary>
    public static MailTopology Pair() => TopologyResolver.Resolve(
        new TopologyOptions
        {
            Nodes = [Node("mail1", 1, NodeRole.Primary), Node("mail2", 2, NodeRole.Standby)],
            Vip = new VipOptions { Address = "198.18.15.10", Interface = "eth0", Label = "eth0:mail" },
        },
        new MirrorOptions());

    private static NodeOptions Node(string name, int n, NodeRole? role = null, int? capacity = null) =>
        new() { Name = name, Role = role, ServiceAddress = $"198.18.15.{n}", MirrorAddress = $"198.18.16.{n}", Capacity = capacity };

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
}
