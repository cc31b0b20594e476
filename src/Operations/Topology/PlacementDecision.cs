using System.Text.Json.Serialization;

namespace MailHa.Operations.Topology;

/// <summary>Where <see cref="Placement"/> puts a service that has to move, or why it does not.</summary>
public abstract record PlacementDecision(ServiceName Service);

/// <summary>Move <see cref="PlacementDecision.Service"/> to <paramref name="Node"/>; <paramref name="OverCapacityAccepted"/>: beyond its capacity, as the approver accepted.</summary>
public sealed record PlacedOn(ServiceName Service, NodeName Node, bool OverCapacityAccepted = false) : PlacementDecision(Service);

/// <summary>A refusal, with the sentence that tells the operator why (kept as its case and facts, never as the sentence).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "case")]
[JsonDerivedType(typeof(OverCapacity), "overCapacity")]
[JsonDerivedType(typeof(NotAServiceNode), "notAServiceNode")]
[JsonDerivedType(typeof(AlreadyRunsThere), "alreadyRunsThere")]
[JsonDerivedType(typeof(TargetUnreachable), "targetUnreachable")]
[JsonDerivedType(typeof(NoReachableNode), "noReachableNode")]
public abstract record PlacementRefused(ServiceName Service) : PlacementDecision(Service)
{
    /// <summary>The sentence (each case's override is <see cref="JsonIgnoreAttribute"/>: a kept refusal is its case and facts).</summary>
    public abstract string Reason { get; }
}

/// <summary>The node it would go to already runs as many services as its capacity allows.</summary>
public sealed record OverCapacity(ServiceName Service, NodeName Node, IReadOnlyList<ServiceName> Running, int Capacity) : PlacementRefused(Service)
{
    [JsonIgnore]
    public override string Reason =>
        $"{Node} already runs {string.Join(", ", Running)} and its capacity is {Capacity}: {Service} there would be more than it may run at once (accept it with --accept-over-capacity).";
}

/// <summary>The requested node (<c>--to</c>) is not in the service's list.</summary>
public sealed record NotAServiceNode(ServiceName Service, NodeName Node, IReadOnlyList<NodeName> Nodes) : PlacementRefused(Service)
{
    [JsonIgnore]
    public override string Reason => $"{Node} is not one of {Service}'s nodes ({string.Join(", ", Nodes)}).";
}

/// <summary>The requested node (<c>--to</c>) already runs the service.</summary>
public sealed record AlreadyRunsThere(ServiceName Service, NodeName Node) : PlacementRefused(Service)
{
    [JsonIgnore]
    public override string Reason => $"{Service} already runs on {Node}.";
}

/// <summary>The requested node (<c>--to</c>) cannot be reached.</summary>
public sealed record TargetUnreachable(ServiceName Service, NodeName Node) : PlacementRefused(Service)
{
    [JsonIgnore]
    public override string Reason => $"{Node} cannot be reached: {Service} cannot move there.";
}

/// <summary>None of the other nodes in the service's list can be reached.</summary>
public sealed record NoReachableNode(ServiceName Service, IReadOnlyList<NodeName> Unreachable) : PlacementRefused(Service)
{
    [JsonIgnore]
    public override string Reason => $"no other node of {Service} can be reached ({string.Join(", ", Unreachable)}): there is nowhere to move it.";
}
