using MailHa.Operations.Roles;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>
/// The plan of a node-level maintenance command: <c>evacuate NODE</c> (a switchover of every service active on the node
/// to where <see cref="Placement"/> puts it) or <c>restore NODE</c> (a failback of every service homed on the node that
/// runs elsewhere). Each move is placed as if the ones before it were done, so two services never land on a node beyond
/// its capacity unnoticed.
/// </summary>
public static class NodeMoves
{
    /// <summary>What <paramref name="kind"/> (<see cref="OperationKind.Switchover"/>: evacuate; <see cref="OperationKind.Failback"/>: restore) of <paramref name="node"/> would move, given the recorded roles.</summary>
    public static NodeMovePlan Plan(MailTopology topology, OperationKind kind, NodeName node, IReadOnlyList<RoleState> states, bool acceptOverCapacity)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(states);
        if (!topology.Nodes.Any(n => n.Name == node.Value))
        {
            return new NoSuchNode(kind, node, [.. topology.Nodes.Select(n => new NodeName(n.Name))]);
        }

        var running = FailoverPlanner.Running(states).ToDictionary();
        var generations = states.ToDictionary(s => s.Service, s => s.Generation);
        var services = kind == OperationKind.Failback
            ? topology.ServicesHomedOn(node).Where(s => running.TryGetValue(s.Name, out var at) && at != node).ToList()
            : [.. topology.Services.Where(s => running.TryGetValue(s.Name, out var at) && at == node)];
        if (services.Count == 0)
        {
            return new NothingToMove(kind, node, [.. topology.ServicesHomedOn(node).Select(s => s.Name)]);
        }

        var everyNode = topology.Nodes.Select(n => new NodeName(n.Name)).ToHashSet();
        var moves = new List<NodeMove>();
        foreach (var service in services)
        {
            var source = running[service.Name];
            var placed = Placement.Place(topology, service.Name, running, everyNode, kind == OperationKind.Failback ? node : null, acceptOverCapacity);
            if (placed is PlacementRefused refused)
            {
                return new NodeMoveRefused(kind, node, moves, refused);
            }

            var on = (PlacedOn)placed;
            moves.Add(new NodeMove(service.Name, source, on.Node, generations[service.Name], on.OverCapacityAccepted));
            running[service.Name] = on.Node;
        }

        return new NodeMovesPlanned(kind, node, moves);
    }

    /// <summary>The verb an operator types for <paramref name="kind"/> of a node: restore (a failback) or evacuate.</summary>
    public static string VerbOf(OperationKind kind) => kind == OperationKind.Failback ? "restore" : "evacuate";

    /// <summary>The node <paramref name="name"/> names (any case), or null.</summary>
    public static NodeName? NodeNamed(MailTopology topology, string name)
    {
        ArgumentNullException.ThrowIfNull(topology);
        return topology.Nodes.FirstOrDefault(n => n.Name.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } found ? new NodeName(found.Name) : null;
    }
}

/// <summary>One service's move in a node-level plan, at the generation the plan saw.</summary>
public sealed record NodeMove(ServiceName Service, NodeName Source, NodeName Target, long Generation, bool OverCapacityAccepted)
{
    public string Describe() => $"{Service}: {Source} → {Target}" + (OverCapacityAccepted ? " (over its capacity, accepted)" : "");
}

/// <summary>What <see cref="NodeMoves.Plan"/> came to.</summary>
public abstract record NodeMovePlan(OperationKind Kind, NodeName Node)
{
    /// <summary>The verb the operator typed.</summary>
    public string Verb => NodeMoves.VerbOf(Kind);

    /// <summary>Why nothing will run, or null: it can.</summary>
    public abstract OperationRefusal? Refusal { get; }

    /// <summary>The moves, in the order they run (those that fit, when refused).</summary>
    public abstract IReadOnlyList<NodeMove> Moves { get; }

    /// <summary>What an approver approves: the moves and the generations they were planned at.</summary>
    public string Fingerprint => $"{Verb} {Node}: " + string.Join("; ", Moves.Select(m => $"{m.Service}@{m.Generation} {m.Source}>{m.Target}")) + (Refusal is null ? "" : " refused");
}

/// <summary>Every move fits: they run one after another.</summary>
public sealed record NodeMovesPlanned(OperationKind Kind, NodeName Node, IReadOnlyList<NodeMove> Planned) : NodeMovePlan(Kind, Node)
{
    public override OperationRefusal? Refusal => null;

    public override IReadOnlyList<NodeMove> Moves => Planned;
}

/// <summary>Nothing to move: the node runs nothing (evacuate), or everything homed there (<paramref name="HomedThere"/>) runs there (restore).</summary>
public sealed record NothingToMove(OperationKind Kind, NodeName Node, IReadOnlyList<ServiceName> HomedThere) : NodeMovePlan(Kind, Node)
{
    public override OperationRefusal? Refusal => new NoServiceToMove(Kind, Node, HomedThere);

    public override IReadOnlyList<NodeMove> Moves => [];
}

/// <summary>The node named is not in the topology (<paramref name="Configured"/>): nothing runs.</summary>
public sealed record NoSuchNode(OperationKind Kind, NodeName Node, IReadOnlyList<NodeName> Configured) : NodeMovePlan(Kind, Node)
{
    public override OperationRefusal? Refusal => new NodeNotConfigured(Kind, Node, Configured);

    public override IReadOnlyList<NodeMove> Moves => [];
}

/// <summary>A service cannot be placed (<paramref name="Placement"/>: over a node's capacity, say): nothing runs; <paramref name="Fitting"/> are the moves placed before it.</summary>
public sealed record NodeMoveRefused(OperationKind Kind, NodeName Node, IReadOnlyList<NodeMove> Fitting, PlacementRefused Placement) : NodeMovePlan(Kind, Node)
{
    public override OperationRefusal? Refusal => new MoveNotPlaced(Kind, Node, Placement);

    public override IReadOnlyList<NodeMove> Moves => Fitting;
}

/// <summary>What an evacuate or restore did: the plan and each service's report, in order (fewer than the moves when it stopped).</summary>
public sealed record NodeMoveOutcome(NodeMovePlan Plan, IReadOnlyList<FailoverReport> Reports)
{
    public bool Succeeded => Plan.Refusal is null && Reports.Count == Plan.Moves.Count && Reports.All(r => r.Outcome == FailoverOutcome.Succeeded);

    /// <summary>The services that moved.</summary>
    public IReadOnlyList<ServiceName> Moved => [.. Plan.Moves.Take(Reports.Count).Where((_, i) => Reports[i].Outcome == FailoverOutcome.Succeeded).Select(m => m.Service)];

    /// <summary>The services that did not move (the one that failed or was refused, and those after it).</summary>
    public IReadOnlyList<ServiceName> NotMoved => [.. Plan.Moves.Select(m => m.Service).Except(Moved)];

    public string Summary => Plan.Refusal?.Describe() ?? (Succeeded
        ? $"{Plan.Verb} {Plan.Node}: every service moved ({string.Join(", ", Plan.Moves.Select(m => m.Describe()))})."
        : $"{Plan.Verb} {Plan.Node} STOPPED at {NotMoved[0]} ({Reports[^1].Outcome.ToString().ToLowerInvariant()}: {Reports[^1].Describe()}). Moved: {(Moved.Count == 0 ? "none" : string.Join(", ", Moved))}. Not moved: {string.Join(", ", NotMoved)} (still where they were).");
}
