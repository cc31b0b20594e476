using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Mirror;

/// <summary>
/// The roles state file kept on each node, so a mirror job on a node that missed a failover can see
/// it is stale. Written atomically (temp file + rename) with plain POSIX shell for Linux and Solaris.
/// </summary>
public sealed class NodeStateFiles(IRemoteShell shell, MailTopology topology)
{
    public async Task<(NodeRoleRecord? Record, CommandOutcome Outcome)> ReadAsync(NodeName node, CancellationToken cancellationToken)
    {
        var path = topology.OnlyService.Mirror.StateFile;
        var outcome = await shell.RunAsync(node, new RemoteCommand("read-state-file", $"cat '{path}' 2>/dev/null || true"), cancellationToken);
        return (outcome is Exited { Code: 0 } ok ? NodeRoleRecord.Parse(ok.StdOut) : null, outcome);
    }

    public Task<CommandOutcome> WriteAsync(NodeName node, RoleState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        var path = topology.OnlyService.Mirror.StateFile;
        var directory = path[..path.LastIndexOf('/')];
        var content = state.ToStateFile().Replace("\n", "\\n", StringComparison.Ordinal);
        var script = $"mkdir -p '{directory}' && printf '{content}' > '{path}.tmp' && mv '{path}.tmp' '{path}'";
        return shell.RunAsync(node, new RemoteCommand("write-state-file", script), cancellationToken);
    }
}
