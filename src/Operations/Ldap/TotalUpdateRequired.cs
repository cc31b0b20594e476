using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>An agreement on <paramref name="Node"/> reports that its consumer needs a total update (re-initialisation).</summary>
public sealed record TotalUpdateRequired(NodeName Node, string Agreement, string Status) : DirectoryFault
{
    public override string Describe() => $"{Node}: agreement {Agreement} needs a total update ({Status})";
}
