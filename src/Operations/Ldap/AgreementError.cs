using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>An agreement on <paramref name="Node"/> reports a failed last update, with the server's status text.</summary>
public sealed record AgreementError(NodeName Node, string Agreement, string Status) : DirectoryFault
{
    public override string Describe() => $"{Node}: agreement {Agreement} failing ({Status})";
}
