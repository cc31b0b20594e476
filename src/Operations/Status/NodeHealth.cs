using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Status;

/// <summary>One node: SSH reachability and whether its mail service answers on its own address.</summary>
public sealed record NodeHealth(NodeName Node, string Role, bool Reachable, string Ssh, ServiceAnswer Service);
