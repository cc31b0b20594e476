using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>The node's directory server could not be reached, or did not answer in time.</summary>
public sealed record NodeUnreachable(NodeName Node, string Reason) : DirectoryFault
{
    public override string Describe() => $"{Node}: directory unreachable ({Reason})";
}
