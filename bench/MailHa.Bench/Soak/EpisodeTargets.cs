using MailHa.Operations.Topology;

namespace MailHa.Bench.Soak;

/// <summary>
/// Whom an episode aims at, resolved when it runs from where each service runs now (who holds its VIP): its service,
/// that service's active node and standby (the next node of its list: on two nodes the other one, for an N+1 service
/// run by the shared standby its home), the node the episode's role names, and whether moving the service to its
/// standby goes beyond that node's capacity (N+1: the standby already runs as many services as it may).
/// </summary>
internal sealed record EpisodeTargets(SoakService Service, string Active, string Standby, string Target, bool MoveOverCapacity)
{
    /// <summary>Over capacity and not accepted: MailHa refuses the move before anything changes, the expected outcome.</summary>
    public bool RefusalExpected(Episode e) => MoveOverCapacity && !e.AcceptOverCapacity;

    /// <summary>The flags of a move: the override when the move goes over capacity and the episode accepts it.</summary>
    public string[] MoveFlags(Episode e) => MoveOverCapacity && e.AcceptOverCapacity ? ["--accept-over-capacity"] : [];

    public string Describe(SoakTopology topology) =>
        $"{Service.Name}: active {Active}, standby {Standby}{(MoveOverCapacity ? $", over {Standby}'s capacity of {topology.Topology.CapacityOf(new NodeName(Standby))}" : "")}";

    /// <param name="e">The episode.</param>
    /// <param name="topology">The lab's services and nodes.</param>
    /// <param name="running">Where each service runs now (the one node holding its VIP).</param>
    public static EpisodeTargets Resolve(Episode e, SoakTopology topology, IReadOnlyDictionary<ServiceName, NodeName> running)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(running);
        var service = topology.Services[e.Service % topology.Services.Count];
        var active = running.TryGetValue(service.Name, out var now) ? now : throw new InvalidOperationException($"no single node serves {service.Name}");
        var standby = service.Definition.StandbyFor(active);
        var reachable = topology.Topology.Nodes.Select(n => n.NodeName).ToHashSet();
        var over = Placement.Place(topology.Topology, service.Name, running, reachable, standby) is OverCapacity;
        return new EpisodeTargets(service, active.Value, standby.Value, e.Target == Role.Active ? active.Value : standby.Value, over);
    }
}
