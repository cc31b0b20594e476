using Microsoft.Extensions.Options;

namespace MailHa.Operations.Topology;

/// <summary>
/// The continuous mirror (its stream, its lag heartbeat and their state) follows one service's store: refuses at start a
/// configuration in which more than one service sets <c>Mirror:Mode</c> to <c>Continuous</c>. The scheduled mirror runs
/// for every service.
/// </summary>
public sealed class ContinuousMirrorRequirement(IOptions<MirrorOptions> mirror) : IValidateOptions<TopologyOptions>
{
    public ValidateOptionsResult Validate(string? name, TopologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // A configuration that does not resolve is refused, naming its keys, by the topology's own validator.
        var resolved = TopologyResolver.Resolve(options, mirror.Value, new List<string>());
        var continuous = (resolved?.Services ?? [])
            .Select((service, index) => (service, index))
            .Where(s => s.service.Mirror.Mode == MirrorMode.Continuous)
            .ToList();
        return continuous.Count > 1
            ? ValidateOptionsResult.Fail(
                $"MailHa:Services:{continuous[1].index}:Mirror:Mode: {continuous.Count} services stream their mirror continuously ({string.Join(", ", continuous.Select(s => s.service.Name))}): "
                + "this version streams one service's store; set the others to Batch (their scheduled runs go on).")
            : ValidateOptionsResult.Success;
    }
}
