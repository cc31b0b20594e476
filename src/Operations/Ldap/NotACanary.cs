using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>The configured canary DN names an entry that is not a MailHa canary; the probe refuses to write to it.</summary>
public sealed record NotACanary(NodeName Node, string Dn, string Reason) : DirectoryFault
{
    public override string Describe() => $"{Node}: '{Dn}' is not a MailHa canary ({Reason}); refusing to modify it";
}
