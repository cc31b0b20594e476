using System.Text.Json.Serialization;
using MailHa.Operations.Journal;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>
/// Why a failover, switchover or failback (or a node's evacuate or restore, the last three cases) is not started
/// (nothing was changed), as a value. <see cref="Describe"/> is the one line the plan, the approval card, the log and the
/// report show.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "case")]
[JsonDerivedType(typeof(AnotherOperationRunning), "anotherOperationRunning")]
[JsonDerivedType(typeof(InterruptedOperationFirst), "interruptedOperationFirst")]
[JsonDerivedType(typeof(FailbackElsewhere), "failbackElsewhere")]
[JsonDerivedType(typeof(NothingToFailBack), "nothingToFailBack")]
[JsonDerivedType(typeof(NotPlaced), "notPlaced")]
[JsonDerivedType(typeof(NoServiceToMove), "noServiceToMove")]
[JsonDerivedType(typeof(NodeNotConfigured), "nodeNotConfigured")]
[JsonDerivedType(typeof(MoveNotPlaced), "moveNotPlaced")]
public abstract record OperationRefusal
{
    public abstract string Describe();
}

/// <summary>The service's lease is held: another operation on it is running (<paramref name="Lease"/>).</summary>
public sealed record AnotherOperationRunning(OperationLease Lease) : OperationRefusal
{
    public override string Describe() => $"another operation is running: {Lease.Describe()}";
}

/// <summary>An interrupted operation of another kind on the service must be finished (run again) first.</summary>
public sealed record InterruptedOperationFirst(OperationKind Kind, string OperationId, NodeName Source, NodeName Target) : OperationRefusal
{
    public override string Describe()
    {
        var kind = Kind.ToString().ToLowerInvariant();
        return $"an interrupted {kind} ({OperationId}, {Source} → {Target}) must be finished first: run {kind} again to resume it";
    }
}

/// <summary>A failback was asked to go somewhere other than the service's home.</summary>
public sealed record FailbackElsewhere(ServiceName Service, NodeName Home, NodeName To) : OperationRefusal
{
    public override string Describe() => $"a failback returns {Service} to its home {Home}: use switchover --to {To} to move it elsewhere";
}

/// <summary>A failback of a service already on its home node.</summary>
public sealed record NothingToFailBack(NodeName Home, NodeName Standby) : OperationRefusal
{
    public override string Describe() => $"{Home} is already active: there is nothing to fail back (use switchover to move to {Standby})";
}

/// <summary>The target cannot take the service (<paramref name="Placement"/>: over its capacity, unreachable, not one of its nodes...).</summary>
public sealed record NotPlaced(PlacementRefused Placement) : OperationRefusal
{
    public override string Describe() => Placement.Reason;
}

/// <summary>An evacuate of a node that runs nothing, or a restore of one whose services (<paramref name="HomedThere"/>) all run there already.</summary>
public sealed record NoServiceToMove(OperationKind Kind, NodeName Node, IReadOnlyList<ServiceName> HomedThere) : OperationRefusal
{
    public override string Describe() => Kind == OperationKind.Failback
        ? $"nothing to {NodeMoves.VerbOf(Kind)}: every service homed on {Node} already runs there (homed there: {(HomedThere.Count == 0 ? "none" : string.Join(", ", HomedThere))})"
        : $"nothing to {NodeMoves.VerbOf(Kind)}: {Node} runs no service now";
}

/// <summary>An evacuate or restore of a node the topology does not have (<paramref name="Configured"/>).</summary>
public sealed record NodeNotConfigured(OperationKind Kind, NodeName Node, IReadOnlyList<NodeName> Configured) : OperationRefusal
{
    public override string Describe() => $"{NodeMoves.VerbOf(Kind)} {Node}: no node named '{Node}' (configured: {string.Join(", ", Configured)})";
}

/// <summary>An evacuate or restore of <paramref name="Node"/> one of whose services cannot be placed (<paramref name="Placement"/>).</summary>
public sealed record MoveNotPlaced(OperationKind Kind, NodeName Node, PlacementRefused Placement) : OperationRefusal
{
    public override string Describe() => $"{NodeMoves.VerbOf(Kind)} {Node}: {Placement.Reason}";
}
