namespace MailHa.Operations.Failover;

/// <summary>
/// What the approver explicitly accepts. Each is recorded with the operation.
/// <paramref name="PrimaryDown"/>: the active node is unreachable and is known to be down.
/// <paramref name="FinalSyncFailure"/>: go on even if the final mirror run fails.
/// <paramref name="ReplicationBroken"/>: go on even if directory replication is broken.
/// <paramref name="OverCapacity"/>: put the service on a node that already runs as many services as its capacity allows.
/// </summary>
public sealed record FailoverOverrides(bool PrimaryDown = false, bool FinalSyncFailure = false, bool ReplicationBroken = false, bool OverCapacity = false)
{
    public static readonly FailoverOverrides None = new();

    public override string ToString()
    {
        var parts = new List<string>();
        if (PrimaryDown)
        {
            parts.Add("primary-down acknowledged");
        }

        if (FinalSyncFailure)
        {
            parts.Add("final-sync failure accepted");
        }

        if (ReplicationBroken)
        {
            parts.Add("broken replication accepted");
        }

        if (OverCapacity)
        {
            parts.Add("over capacity accepted");
        }

        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }
}
