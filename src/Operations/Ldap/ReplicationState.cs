namespace MailHa.Operations.Ldap;

/// <summary>Overall replication health, worst first wins: Broken over Lagging over InSync.</summary>
public enum ReplicationState
{
    InSync,
    Lagging,
    Broken,
}
