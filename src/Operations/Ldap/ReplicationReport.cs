namespace MailHa.Operations.Ldap;

/// <summary>The result of one replication check: one entry per replicated suffix, in configuration order.</summary>
public sealed record ReplicationReport(DateTimeOffset CheckedAt, IReadOnlyList<SuffixReplication> Suffixes)
{
    /// <summary>The worst state of any suffix.</summary>
    public ReplicationState State => Suffixes.Count == 0 ? ReplicationState.InSync : Suffixes.Max(s => s.State);
}
