using MailHa.Operations.Topology;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Mirror.Continuous;

/// <summary>
/// <c>Continuous</c> needs inotify on whichever node is active, so every node must be Linux: Solaris has no inotify
/// (a polling watcher would rescan the whole store every pass, which is what the cron's full run already does).
/// The heartbeat must not be the sentinel, and the quiet window must fit in a batch's bound.
/// </summary>
public sealed class ContinuousModeValidator(IOptions<TopologyOptions> topology) : IValidateOptions<MirrorOptions>
{
    public ValidateOptionsResult Validate(string? name, MirrorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.Equals(options.HeartbeatFile, options.SentinelFile, StringComparison.Ordinal))
        {
            failures.Add($"MailHa:Mirror:HeartbeatFile: '{options.HeartbeatFile}' is the sentinel's name; the heartbeat needs its own.");
        }

        if (options.Mode == MirrorMode.Continuous)
        {
            var nodes = topology.Value.Nodes;
            for (var i = 0; i < nodes.Count; i++)
            {
                if (nodes[i].Platform == NodePlatform.Solaris)
                {
                    failures.Add(
                        $"MailHa:Mirror:Mode: Continuous needs inotify on the active node, and {nodes[i].Name} (MailHa:Nodes:{i}:Platform) is Solaris, " +
                        "which has none: use Interval there (a shorter MailHa:Mirror:Cron narrows the loss; see the runbook).");
                }
            }

            if (options.QuietWindow > options.MaxBatchDelay)
            {
                failures.Add($"MailHa:Mirror:QuietWindow: {options.QuietWindow} is longer than MailHa:Mirror:MaxBatchDelay ({options.MaxBatchDelay}), which bounds it.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
