using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>The server answered but refused our bind (invalid credentials), or our bind password could not be read.</summary>
public sealed record BindRefused(NodeName Node, string Reason) : DirectoryFault
{
    public override string Describe() => $"{Node}: bind refused ({Reason})";
}
