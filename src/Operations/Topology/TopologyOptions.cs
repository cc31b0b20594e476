using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Topology;

/// <summary>
/// The nodes and the services they run, as configured in the <c>MailHa</c> section; resolved into a
/// <see cref="MailTopology"/> at start. Either <see cref="Services"/>, or the one-pair shape: <see cref="Vip"/>,
/// <c>MailHa:Mirror</c> and two nodes with a <see cref="NodeOptions.Role"/>.
/// </summary>
public sealed class TopologyOptions
{
    public const string Section = "MailHa";

    [Required, ValidateEnumeratedItems]
    public List<NodeOptions> Nodes { get; set; } = [];

    /// <summary>The one pair's VIP; unset when <see cref="Services"/> are configured.</summary>
    [ValidateObjectMembers]
    public VipOptions? Vip { get; set; }

    /// <summary>The services and the nodes that may run each; empty in the one-pair shape.</summary>
    [ValidateEnumeratedItems]
    public List<ServiceOptions> Services { get; set; } = [];
}
