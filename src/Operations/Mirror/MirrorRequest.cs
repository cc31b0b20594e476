namespace MailHa.Operations.Mirror;

/// <summary>
/// Why a mirror run happens and what it may skip. <paramref name="Trigger"/> is recorded (schedule,
/// cli:alice, chat:bob, failover:op-id). <paramref name="OperationId"/> is set when an operation that
/// already holds the operation lock (a failover's final sync) runs the mirror.
/// <paramref name="OverridePause"/> lets an approved operation pull while the mirror is paused.
/// <paramref name="AllowUncountedSource"/> lets a failover's final sync try the rsync module of a node
/// that SSH cannot reach (the sentinel is still checked through rsync itself).
/// </summary>
public sealed record MirrorRequest(string Trigger, string? OperationId = null, bool OverridePause = false, bool AllowUncountedSource = false);
