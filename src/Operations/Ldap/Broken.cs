namespace MailHa.Operations.Ldap;

/// <summary>Replication of the suffix cannot be confirmed or is failing; <paramref name="Reasons"/> holds at least one fault.</summary>
public sealed record Broken(string Suffix, IReadOnlyList<DirectoryFault> Reasons) : SuffixReplication(Suffix)
{
    public override ReplicationState State => ReplicationState.Broken;

    public override string Describe() => $"{Suffix}: broken: {string.Join("; ", Reasons.Select(r => r.Describe()))}";
}
