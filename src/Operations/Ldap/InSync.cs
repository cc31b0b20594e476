namespace MailHa.Operations.Ldap;

/// <summary>Both masters hold the same changes, or differ by no more than <c>LagTolerance</c>; <paramref name="Lag"/> is the largest difference seen.</summary>
public sealed record InSync(string Suffix, TimeSpan Lag) : SuffixReplication(Suffix)
{
    public override ReplicationState State => ReplicationState.InSync;

    public override string Describe() => Lag == TimeSpan.Zero ? $"{Suffix}: in sync" : $"{Suffix}: in sync (lag {Durations.Format(Lag)})";
}
