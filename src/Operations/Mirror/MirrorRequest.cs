using MailHa.Operations.Topology;

namespace MailHa.Operations.Mirror;

/// <summary>
/// Which service's store to mirror (<paramref name="Service"/>), why the run happens and what it may skip. <paramref name="Trigger"/> is recorded (schedule,
/// cli:alice, chat:bob, failover:op-id). <paramref name="OperationId"/> is set when an operation that
/// already holds the operation lock (a failover's final sync) runs the mirror.
/// <paramref name="OverridePause"/> lets an approved operation pull while the mirror is paused.
/// <paramref name="AllowUncountedSource"/> is for a failover's final sync from a node SSH cannot reach:
/// nothing is run on the source over SSH (no count, no state file); its rsync module is still tried and
/// its sentinel still checked through rsync itself.
/// <paramref name="Target"/>: the node to pull into, an operation's target (its catch-up and final sync), which can be a
/// node of the service's list past its recorded standby; null pulls into the recorded standby. Only with
/// <paramref name="OperationId"/>: outside an operation the mirror feeds the standby alone. Every guard applies as usual.
/// </summary>
public sealed record MirrorRequest(ServiceDefinition Service, string Trigger, string? OperationId = null, bool OverridePause = false, bool AllowUncountedSource = false, NodeName? Target = null);
