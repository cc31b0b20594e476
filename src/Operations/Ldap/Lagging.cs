using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>
/// <paramref name="Behind"/> is missing changes the other master has, by <paramref name="By"/> of real time (the worst
/// origin); <paramref name="Origins"/> lists every origin on which the two differ.
/// </summary>
public sealed record Lagging(string Suffix, NodeName Behind, TimeSpan By, IReadOnlyList<OriginLag> Origins) : SuffixReplication(Suffix)
{
    public override ReplicationState State => ReplicationState.Lagging;

    public override string Describe() => $"{Suffix}: {Behind} is behind by {Durations.Format(By)}";
}
