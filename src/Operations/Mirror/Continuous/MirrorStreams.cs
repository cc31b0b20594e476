using MailHa.Operations.Topology;

namespace MailHa.Operations.Mirror.Continuous;

/// <summary>
/// The continuous mirror's streams, one per service whose <c>Mirror:Mode</c> is <c>Continuous</c>, each with its own
/// <see cref="MirrorStreamState"/> (its watcher, batches, heartbeat and lag). Status, the board, the failover card and the
/// catch-up decision read a service's own stream here; a service mirrored on its interval has none.
/// </summary>
public sealed class MirrorStreams
{
    private readonly Lazy<Dictionary<ServiceName, MirrorStreamState>> _states;
    private readonly Lazy<IReadOnlyList<ServiceDefinition>> _services;

    public MirrorStreams(MailTopology topology, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(time);
        // Resolved when first used: the topology fails at start-up validation, naming its keys, not while the host is wired.
        _services = new(() => [.. topology.Services.Where(s => s.Mirror.Mode == MirrorMode.Continuous)]);
        _states = new(() => _services.Value.ToDictionary(s => s.Name, _ => new MirrorStreamState(time)));
    }

    /// <summary>The services mirrored continuously, in configuration order.</summary>
    public IReadOnlyList<ServiceDefinition> Services => _services.Value;

    /// <summary>The stream's state of <paramref name="service"/>, which must be mirrored continuously.</summary>
    public MirrorStreamState For(ServiceName service) =>
        _states.Value.TryGetValue(service, out var state)
            ? state
            : throw new ArgumentException($"The mirror of service '{service}' does not stream (its Mirror:Mode is not Continuous).", nameof(service));

    /// <summary>The stream of <paramref name="service"/> as seen now; null when its mirror runs on its interval only.</summary>
    public MirrorStreamView? ViewOf(ServiceName service) => _states.Value.TryGetValue(service, out var state) ? state.View : null;
}
