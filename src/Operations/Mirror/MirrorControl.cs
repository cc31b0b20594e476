using MailHa.Operations.Roles;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Mirror;

/// <summary>
/// Pause and resume one service's mirror. Resuming sets the direction (recorded active → standby) as a new
/// role generation, written to the journal and to every reachable node's state file.
/// </summary>
public sealed class MirrorControl(RoleStore roles, NodeStateFiles stateFiles)
{
    public Task<MirrorControlResult> PauseAsync(ServiceDefinition service, string by, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(service, paused: true, by, reason, cancellationToken);

    public Task<MirrorControlResult> ResumeAsync(ServiceDefinition service, string by, CancellationToken cancellationToken) =>
        ChangeAsync(service, paused: false, by, "mirror direction set by operator", cancellationToken);

    private async Task<MirrorControlResult> ChangeAsync(ServiceDefinition service, bool paused, string by, string reason, CancellationToken cancellationToken)
    {
        var current = await roles.GetAsync(service, cancellationToken);
        if (current.MirrorPaused == paused)
        {
            return new MirrorAlreadySet(current);
        }

        var next = await roles.ChangeAsync(service, current.Generation, current.Active, paused, by, reason, cancellationToken);
        if (next is null)
        {
            return new RolesMovedMeanwhile();
        }

        var missed = new List<string>();
        foreach (var node in new[] { next.Active, next.Standby })
        {
            var written = await stateFiles.WriteAsync(node, service, next, cancellationToken);
            if (!written.Succeeded)
            {
                missed.Add(written.Describe());
            }
        }

        return new MirrorChanged(next, missed);
    }
}
