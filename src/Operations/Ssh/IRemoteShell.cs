using MailHa.Operations.Topology;

namespace MailHa.Operations.Ssh;

/// <summary>Runs commands on the configured nodes. The only way Operations reaches a node's shell.</summary>
public interface IRemoteShell
{
    Task<CommandOutcome> RunAsync(NodeName node, RemoteCommand command, CancellationToken cancellationToken);
}
