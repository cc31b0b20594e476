using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>What every step of one operation works from: the nodes, the request, what earlier steps found.</summary>
public sealed class FailoverContext(OperationRecord operation, FailoverRequest request, NodeOptions source, NodeOptions target, VipOptions vip)
{
    public OperationRecord Operation { get; } = operation;

    public FailoverRequest Request { get; } = request;

    public NodeOptions Source { get; } = source;

    public NodeOptions Target { get; } = target;

    public VipOptions Vip { get; } = vip;

    public OperationKind Kind => Operation.Kind;

    /// <summary>Whether the old active node could be reached over SSH when it was fenced (null before).</summary>
    public bool? SourceReachable { get; set; }

    /// <summary>Whether the old active node had the VIP taken down by this operation (so a rollback may re-raise it).</summary>
    public bool SourceFenced { get; set; }
}
