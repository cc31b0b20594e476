using MailHa.Operations.Roles;

namespace MailHa.Operations.Mirror;

/// <summary>
/// Pause and resume the mirror. Resuming sets the direction (recorded active → standby) as a new
/// role generation, written to the journal and to every reachable node's state file.
/// </summary>
public sealed class MirrorControl(RoleStore roles, NodeStateFiles stateFiles)
{
    public Task<(RoleState? State, string Message)> PauseAsync(string by, string reason, CancellationToken cancellationToken) =>
        ChangeAsync(paused: true, by, reason, cancellationToken);

    public Task<(RoleState? State, string Message)> ResumeAsync(string by, CancellationToken cancellationToken) =>
        ChangeAsync(paused: false, by, "mirror direction set by operator", cancellationToken);

    private async Task<(RoleState? State, string Message)> ChangeAsync(bool paused, string by, string reason, CancellationToken cancellationToken)
    {
        var current = await roles.GetAsync(cancellationToken);
        if (current.MirrorPaused == paused)
        {
            return (current, paused ? "The mirror is already paused." : $"The mirror already runs {current.Active} → {current.Standby}.");
        }

        var next = await roles.ChangeAsync(current.Generation, current.Active, paused, by, reason, cancellationToken);
        if (next is null)
        {
            return (null, "The roles changed meanwhile; nothing was changed. Check status and try again.");
        }

        var missed = new List<string>();
        foreach (var node in new[] { next.Active, next.Standby })
        {
            var written = await stateFiles.WriteAsync(node, next, cancellationToken);
            if (!written.Succeeded)
            {
                missed.Add(written.Describe());
            }
        }

        var note = missed.Count == 0 ? "" : $" State file not written: {string.Join("; ", missed)}.";
        return (next, paused
            ? $"Mirror paused ({next.Describe()}).{note}"
            : $"Mirror resumed: {next.Active} → {next.Standby} ({next.Describe()}).{note}");
    }
}
