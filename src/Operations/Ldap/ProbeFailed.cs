using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>The direction could not be confirmed: <see cref="NotConverging"/>, or a fault reaching or writing a node.</summary>
public sealed record ProbeFailed(NodeName From, NodeName To, DirectoryFault Reason) : ProbeOutcome(From, To)
{
    public override string Describe() => $"{From} → {To}: {Reason.Describe()}";
}
