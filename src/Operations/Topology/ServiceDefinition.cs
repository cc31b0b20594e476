namespace MailHa.Operations.Topology;

/// <summary>
/// A service as resolved from configuration: its name, its VIP, its store's effective mirror options (its own keys
/// over <c>MailHa:Mirror</c>) and the nodes that may run it, in order of preference.
/// </summary>
public sealed record ServiceDefinition(ServiceName Name, VipOptions Vip, MirrorOptions Mirror, IReadOnlyList<NodeName> Nodes)
{
    /// <summary>The first node of the list: where the service runs when all is well, and where a failback returns it.</summary>
    public NodeName Home => Nodes[0];

    public bool MayRunOn(NodeName node) => Nodes.Contains(node);

    /// <summary>
    /// The node the mirror feeds while <paramref name="active"/> runs the service: the next in its list after the
    /// active one (wrapping round), so on two nodes the other one, and for an N+1 service run by its standby, its home.
    /// </summary>
    public NodeName StandbyFor(NodeName active)
    {
        var at = Nodes.ToList().IndexOf(active);
        return at < 0
            ? throw new InvalidOperationException($"Service '{Name}' does not run on '{active}' (its nodes: {string.Join(", ", Nodes)}).")
            : Nodes[(at + 1) % Nodes.Count];
    }

    /// <summary>
    /// The standby after a move to <paramref name="active"/>: the first node after it in the list (wrapping round) that is
    /// not in <paramref name="down"/>, so on three nodes a failover past a dead home leaves the node that answers as the
    /// standby, not the dead one; when every other node is down, <see cref="StandbyFor(NodeName)"/>.
    /// </summary>
    public NodeName StandbyFor(NodeName active, IReadOnlySet<NodeName> down)
    {
        ArgumentNullException.ThrowIfNull(down);
        var first = StandbyFor(active);
        var at = Nodes.ToList().IndexOf(active);
        return Enumerable.Range(1, Nodes.Count - 1).Select(i => Nodes[(at + i) % Nodes.Count]).FirstOrDefault(n => !down.Contains(n)) is { Value: not null } up ? up : first;
    }

    /// <summary>The other node of a service on two nodes (the one pair MailHa operates today).</summary>
    public NodeName Peer(NodeName node) =>
        Nodes.Count == 2 && MayRunOn(node)
            ? Nodes.First(n => n != node)
            : throw new InvalidOperationException($"Service '{Name}' runs on {Nodes.Count} nodes ({string.Join(", ", Nodes)}): '{node}' has no single peer.");
}
