namespace MailHa.Operations.Topology;

/// <summary>
/// The nodes and the services they run, resolved from <c>MailHa</c> and validated at start
/// (<see cref="TopologyResolver"/>). Asymmetric: one service on [A, B]; symmetric: [A, B] and [B, A];
/// N+1: [N1, S] ... [Nn, S] with S's <see cref="NodeOptions.Capacity"/> saying how many it may run at once.
/// </summary>
public sealed class MailTopology
{
    private readonly Lazy<Model> _model;

    internal MailTopology(IReadOnlyList<NodeOptions> nodes, IReadOnlyList<ServiceDefinition> services)
        : this(() => new Model(nodes, services))
    {
    }

    private MailTopology(Func<Model> model) => _model = new(model);

    public IReadOnlyList<NodeOptions> Nodes => _model.Value.Nodes;

    /// <summary>In configuration order.</summary>
    public IReadOnlyList<ServiceDefinition> Services => _model.Value.Services;

    /// <summary>
    /// The service an operator means: the one named, or when none is named the only one. Null, with why
    /// (<see cref="ServiceUnresolved"/>), when the name is unknown or several services are configured and none was named.
    /// </summary>
    public (ServiceDefinition? Service, ServiceUnresolved? Failure) Resolve(string? name)
    {
        if (name is null)
        {
            return Services is [var only] ? (only, null) : (null, new NoServiceNamed(Configured()));
        }

        return !string.IsNullOrWhiteSpace(name) && TryGetService(new ServiceName(name), out var service)
            ? (service, null)
            : (null, new NoSuchService(name, Configured()));

        List<ServiceName> Configured() => [.. Services.Select(s => s.Name)];
    }

    public NodeOptions Node(NodeName name) =>
        _model.Value.NodesByName.TryGetValue(name, out var node) ? node : throw new ArgumentException($"No node named '{name}' in MailHa:Nodes.", nameof(name));

    public ServiceDefinition Service(ServiceName name) =>
        _model.Value.ServicesByName.TryGetValue(name, out var service) ? service : throw new ArgumentException($"No service named '{name}' in MailHa:Services.", nameof(name));

    public bool TryGetService(ServiceName name, out ServiceDefinition service) => _model.Value.ServicesByName.TryGetValue(name, out service!);

    /// <summary>The services whose first node is <paramref name="node"/>.</summary>
    public IReadOnlyList<ServiceDefinition> ServicesHomedOn(NodeName node) => [.. Services.Where(s => s.Home == node)];

    /// <summary>How many services <paramref name="node"/> may run at once; null: no limit.</summary>
    public int? CapacityOf(NodeName node) => Node(node).Capacity;

    /// <summary>
    /// A topology resolved when first used, not when built: a container builds its services while wiring the host,
    /// and bad configuration must fail at start-up validation, naming its keys, not there.
    /// </summary>
    internal static MailTopology WhenFirstUsed(Func<MailTopology> resolve) => new(() => resolve()._model.Value);

    private sealed record Model(IReadOnlyList<NodeOptions> Nodes, IReadOnlyList<ServiceDefinition> Services)
    {
        public Dictionary<NodeName, NodeOptions> NodesByName { get; } = Nodes.ToDictionary(n => n.NodeName);

        public Dictionary<ServiceName, ServiceDefinition> ServicesByName { get; } = Services.ToDictionary(s => s.Name);
    }
}
