using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>The server returned replication state we cannot parse (a malformed contextCSN or RUV value).</summary>
public sealed record UnreadableState(NodeName Node, string Detail) : DirectoryFault
{
    public override string Describe() => $"{Node}: unreadable replication state ({Detail})";
}
