using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>The server holds no entry at <paramref name="Dn"/> and no ancestor of it: the suffix is not there (LDAP 32).</summary>
public sealed record SuffixMissing(NodeName Node, string Dn) : DirectoryFault
{
    public override string Describe() => $"{Node}: no such suffix or entry '{Dn}'";
}
