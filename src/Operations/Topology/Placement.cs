namespace MailHa.Operations.Topology;

/// <summary>
/// Where a service goes when it moves: the next node in its list (after the one running it, wrapping round) that is
/// reachable and has room, or the node an operator names (<c>--to</c>), checked against the list. A node's room is
/// its <see cref="NodeOptions.Capacity"/> less the services it already runs; going beyond it is refused, naming the
/// node, what it runs and its capacity, unless the approver accepts it. Pure: the caller says where each service
/// runs now and which nodes answer.
/// </summary>
public static class Placement
{
    /// <param name="topology">The nodes, their capacities and each service's list.</param>
    /// <param name="service">The service to move.</param>
    /// <param name="running">Where each service runs now (a service not in it runs nowhere).</param>
    /// <param name="reachable">The nodes that answer.</param>
    /// <param name="to">The node the operator asked for, or null for the next one in the list.</param>
    /// <param name="acceptOverCapacity">The approver accepts a node beyond its capacity.</param>
    public static PlacementDecision Place(
        MailTopology topology,
        ServiceName service,
        IReadOnlyDictionary<ServiceName, NodeName> running,
        IReadOnlySet<NodeName> reachable,
        NodeName? to = null,
        bool acceptOverCapacity = false)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(reachable);
        var definition = topology.Service(service);
        NodeName? current = running.TryGetValue(service, out var now) ? now : null;
        if (to is { } requested)
        {
            return !definition.MayRunOn(requested) ? new NotAServiceNode(service, requested, definition.Nodes)
                : requested == current ? new AlreadyRunsThere(service, requested)
                : !reachable.Contains(requested) ? new TargetUnreachable(service, requested)
                : Fit(topology, service, requested, running, acceptOverCapacity);
        }

        var candidates = Candidates(definition, current);
        var answering = candidates.Where(reachable.Contains).ToList();
        if (answering.Count == 0)
        {
            return new NoReachableNode(service, candidates);
        }

        return answering.FirstOrDefault(n => HasRoom(topology, service, n, running)) is { Value: not null } roomy
            ? new PlacedOn(service, roomy)
            : Fit(topology, service, answering[0], running, acceptOverCapacity);
    }

    /// <summary>The services <paramref name="node"/> runs now, other than <paramref name="service"/>, in configuration order.</summary>
    public static IReadOnlyList<ServiceName> RunningOn(MailTopology topology, NodeName node, IReadOnlyDictionary<ServiceName, NodeName> running, ServiceName? service = null)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(running);
        return [.. topology.Services.Select(s => s.Name).Where(s => s != service && running.TryGetValue(s, out var n) && n == node)];
    }

    /// <summary>The service's other nodes, in list order starting after <paramref name="current"/>.</summary>
    private static List<NodeName> Candidates(ServiceDefinition service, NodeName? current)
    {
        var start = current is { } c ? service.Nodes.ToList().IndexOf(c) + 1 : 0;
        return [.. service.Nodes.Skip(start).Concat(service.Nodes.Take(start)).Where(n => n != current)];
    }

    private static bool HasRoom(MailTopology topology, ServiceName service, NodeName node, IReadOnlyDictionary<ServiceName, NodeName> running) =>
        topology.CapacityOf(node) is not { } capacity || RunningOn(topology, node, running, service).Count < capacity;

    private static PlacementDecision Fit(MailTopology topology, ServiceName service, NodeName node, IReadOnlyDictionary<ServiceName, NodeName> running, bool acceptOverCapacity) =>
        HasRoom(topology, service, node, running) ? new PlacedOn(service, node)
        : acceptOverCapacity ? new PlacedOn(service, node, OverCapacityAccepted: true)
        : new OverCapacity(service, node, RunningOn(topology, node, running, service), topology.CapacityOf(node)!.Value);
}
