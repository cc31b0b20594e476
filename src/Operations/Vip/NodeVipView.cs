using MailHa.Operations.Topology;

namespace MailHa.Operations.Vip;

/// <summary>One node's own view of the VIP, read over SSH. <see cref="Holds"/> is null when unknown.</summary>
public sealed record NodeVipView(NodeName Node, bool? Holds, string? Unknown = null);
