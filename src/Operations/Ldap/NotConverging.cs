using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>A change written on <paramref name="From"/> did not appear on <paramref name="To"/> within <paramref name="After"/>.</summary>
public sealed record NotConverging(NodeName From, NodeName To, TimeSpan After) : DirectoryFault
{
    public override string Describe() => $"a change on {From} did not reach {To} within {Durations.Format(After)}";
}
