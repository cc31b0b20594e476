using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>One direction of the end-to-end probe: a canary written on <paramref name="From"/>, awaited on <paramref name="To"/>.</summary>
public abstract record ProbeOutcome(NodeName From, NodeName To)
{
    public abstract string Describe();
}
