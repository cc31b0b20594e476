using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Mirror;

/// <summary>
/// The roles state file kept on each node, one per service (the service's <see cref="MirrorOptions.StateFile"/>), so a
/// mirror job on a node that missed a failover can see it is stale, and a node that serves two services says so for
/// each. Written atomically (temp file + rename) with plain POSIX shell for Linux and Solaris.
/// </summary>
public sealed class NodeStateFiles(IRemoteShell shell)
{
    public async Task<(NodeRoleRecord? Record, CommandOutcome Outcome)> ReadAsync(NodeName node, ServiceDefinition service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var path = service.Mirror.StateFile;
        var outcome = await shell.RunAsync(node, new RemoteCommand("read-state-file", $"cat '{path}' 2>/dev/null || true"), cancellationToken);
        return (outcome is Exited { Code: 0 } ok ? NodeRoleRecord.Parse(ok.StdOut) : null, outcome);
    }

    public Task<CommandOutcome> WriteAsync(NodeName node, ServiceDefinition service, RoleState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(state);
        var path = service.Mirror.StateFile;
        var directory = path[..path.LastIndexOf('/')];
        var content = state.ToStateFile().Replace("\n", "\\n", StringComparison.Ordinal);
        var script = $"mkdir -p '{directory}' && printf '{content}' > '{path}.tmp' && mv '{path}.tmp' '{path}'";
        return shell.RunAsync(node, new RemoteCommand("write-state-file", script), cancellationToken);
    }
}
