using MailHa.Operations.Reporting;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>Both directions of the end-to-end probe for each pair of masters (first → second, then back), pair after pair.</summary>
public sealed record ProbeReport(DateTimeOffset StartedAt, IReadOnlyList<ProbeOutcome> Directions)
{
    public bool Converged => Directions.Count > 0 && Directions.All(d => d is ProbeConverged);
}

/// <summary>One direction of the end-to-end probe: a canary written on <paramref name="From"/>, awaited on <paramref name="To"/>.</summary>
public abstract record ProbeOutcome(NodeName From, NodeName To)
{
    public abstract string Describe();
}

/// <summary>The canary appeared on <paramref name="To"/> <paramref name="Delay"/> after <paramref name="From"/> acknowledged the write (poll-interval resolution).</summary>
public sealed record ProbeConverged(NodeName From, NodeName To, TimeSpan Delay) : ProbeOutcome(From, To)
{
    public override string Describe() => $"{From} → {To}: replicated in {Durations.Format(Delay)}";
}

/// <summary>The direction could not be confirmed: <see cref="NotConverging"/>, or a fault reaching or writing a node.</summary>
public sealed record ProbeFailed(NodeName From, NodeName To, DirectoryFault Reason) : ProbeOutcome(From, To)
{
    public override string Describe() => $"{From} → {To}: {Reason.Describe()}";
}
