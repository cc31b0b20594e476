using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Status;

/// <summary>
/// One node: SSH reachability and whether its mail service answers on its own address, SMTP
/// (<see cref="Service"/>, the port the VIP probe uses) and IMAP.
/// </summary>
public sealed record NodeHealth(NodeName Node, string Role, bool Reachable, string Ssh, ServiceAnswer Service, ServiceAnswer Imap);
