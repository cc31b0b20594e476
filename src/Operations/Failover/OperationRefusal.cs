using System.Text.Json.Serialization;
using MailHa.Operations.Journal;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>
/// Why a failover, switchover or failback is not started (nothing was changed), as a value. <see cref="Describe"/> is the
/// one line the plan, the log and the report show.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "case")]
[JsonDerivedType(typeof(AnotherOperationRunning), "anotherOperationRunning")]
[JsonDerivedType(typeof(InterruptedOperationFirst), "interruptedOperationFirst")]
[JsonDerivedType(typeof(FailbackElsewhere), "failbackElsewhere")]
[JsonDerivedType(typeof(NothingToFailBack), "nothingToFailBack")]
[JsonDerivedType(typeof(NotPlaced), "notPlaced")]
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
