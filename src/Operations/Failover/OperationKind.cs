namespace MailHa.Operations.Failover;

public enum OperationKind
{
    /// <summary>Unplanned: the active node failed; the standby takes the VIP (mail since the last mirror run may be lost).</summary>
    Failover,

    /// <summary>Planned, both nodes up: fence, final sync, move: zero mail lost.</summary>
    Switchover,

    /// <summary>Back to the original primary after a failover, after a reverse sync.</summary>
    Failback,
}
