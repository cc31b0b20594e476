using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>The canary appeared on <paramref name="To"/> <paramref name="Delay"/> after <paramref name="From"/> acknowledged the write (poll-interval resolution).</summary>
public sealed record ProbeConverged(NodeName From, NodeName To, TimeSpan Delay) : ProbeOutcome(From, To)
{
    public override string Describe() => $"{From} → {To}: replicated in {Durations.Format(Delay)}";
}
