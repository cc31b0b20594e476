using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>The server answered an operation with an error other than the ones we name (e.g. 50 insufficient access, 53 unwilling to perform).</summary>
public sealed record DirectoryRefused(NodeName Node, string Operation, int ResultCode, string Reason) : DirectoryFault
{
    public override string Describe() => $"{Node}: {Operation} refused (LDAP {ResultCode}: {Reason})";
}
