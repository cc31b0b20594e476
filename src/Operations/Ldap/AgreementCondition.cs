namespace MailHa.Operations.Ldap;

/// <summary>What a Sun ONE / 389 DS agreement's <c>nsds5replicaLastUpdateStatus</c> says about replication.</summary>
public enum AgreementCondition
{
    /// <summary>No status to read.</summary>
    Unknown,

    /// <summary><c>0 No replication sessions started since server startup</c>: nothing to send yet; not an error.</summary>
    Idle,

    /// <summary>Code 0: the last session succeeded.</summary>
    Succeeded,

    /// <summary>The consumer was busy with another supplier; the supplier retries by itself. Not an error.</summary>
    Busy,

    /// <summary>Replication cannot resume without a total update (re-initialisation) of the consumer.</summary>
    TotalUpdateRequired,

    /// <summary>Any other non-zero status: an error, with its text.</summary>
    Failed,
}
