using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Topology;

/// <summary>The two nodes and the virtual IP. Bound from the <c>MailHa</c> section.</summary>
public sealed class TopologyOptions
{
    public const string Section = "MailHa";

    [Required, ValidateEnumeratedItems]
    public List<NodeOptions> Nodes { get; set; } = [];

    [Required, ValidateObjectMembers]
    public VipOptions Vip { get; set; } = new();

    public NodeOptions Node(NodeName name) =>
        Nodes.FirstOrDefault(n => n.NodeName == name)
        ?? throw new ArgumentException($"No node named '{name}' in MailHa:Nodes.", nameof(name));

    /// <summary>The node declared primary in configuration.</summary>
    public NodeOptions DeclaredPrimary() => Nodes.First(n => n.Role == NodeRole.Primary);

    /// <summary>The node declared standby in configuration.</summary>
    public NodeOptions DeclaredStandby() => Nodes.First(n => n.Role == NodeRole.Standby);

    /// <summary>The node that is not <paramref name="name"/>.</summary>
    public NodeOptions Peer(NodeName name) => Nodes.First(n => n.NodeName != name);
}
