using MailHa.Operations.Topology;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Mirror.Continuous;

/// <summary>
/// <c>Continuous</c> needs inotify on whichever node runs a service, so every node in that service's list must be Linux:
/// Solaris has no inotify (a polling watcher would rescan the whole store every pass, which is what the cron's full run
/// already does). The heartbeat must not be the sentinel, and the quiet window must fit in a batch's bound. Checked per
/// service, on the store options each service really uses (its own <c>Mirror</c> keys over <c>MailHa:Mirror</c>).
/// </summary>
public sealed class ContinuousModeValidator(IOptions<MirrorOptions> mirrorDefaults) : IValidateOptions<TopologyOptions>
{
    public ValidateOptionsResult Validate(string? name, TopologyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // A shape that does not resolve is reported by TopologyOptionsValidator, with its keys.
        if (TopologyResolver.Resolve(options, mirrorDefaults.Value, new List<string>()) is not { } topology)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        for (var s = 0; s < topology.Services.Count; s++)
        {
            var service = topology.Services[s];
            var mirror = service.Mirror;
            var section = options.Services.Count == 0 ? "MailHa:Mirror" : $"MailHa:Services:{s}:Mirror";
            if (string.Equals(mirror.HeartbeatFile, mirror.SentinelFile, StringComparison.Ordinal))
            {
                failures.Add($"{section}:HeartbeatFile: '{mirror.HeartbeatFile}' is the sentinel's name; the heartbeat needs its own.");
            }

            if (mirror.Mode != MirrorMode.Continuous)
            {
                continue;
            }

            for (var i = 0; i < options.Nodes.Count; i++)
            {
                if (service.MayRunOn(options.Nodes[i].NodeName) && options.Nodes[i].Platform == NodePlatform.Solaris)
                {
                    failures.Add(
                        $"{section}:Mode: Continuous needs inotify on the active node, and {options.Nodes[i].Name} (MailHa:Nodes:{i}:Platform) is Solaris, " +
                        $"which has none: use Interval there (a shorter {section}:Cron narrows the loss; see the runbook).");
                }
            }

            if (mirror.QuietWindow > mirror.MaxBatchDelay)
            {
                failures.Add($"{section}:QuietWindow: {mirror.QuietWindow} is longer than {section}:MaxBatchDelay ({mirror.MaxBatchDelay}), which bounds it.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
