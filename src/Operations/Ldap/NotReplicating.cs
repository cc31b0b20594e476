using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>A suffix configured as replicated is not set up for replication on this node (no RUV, no agreement).</summary>
public sealed record NotReplicating(NodeName Node, string Suffix, string Detail) : DirectoryFault
{
    public override string Describe() => $"{Node}: {Suffix} is not replicating ({Detail})";
}
