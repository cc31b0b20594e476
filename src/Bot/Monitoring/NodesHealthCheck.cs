using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Monitoring;

/// <summary>
/// Both mail nodes over SSH, in parallel and bounded. An unreachable node makes MailHa Degraded, never
/// unready: a dead node is exactly when on-call needs MailHa answering, so a load balancer must keep it.
/// </summary>
public sealed class NodesHealthCheck(IRemoteShell shell, MailTopology topology, IOptions<SshOptions> ssh) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ssh.Value.ConnectTimeout + TimeSpan.FromSeconds(3));
        var answers = await Task.WhenAll(topology.Nodes.Select(node => ReachAsync(node.NodeName, deadline.Token)));
        var data = answers.ToDictionary(a => a.Node.Value, a => (object)a.Detail);
        var down = answers.Where(a => !a.Reachable).Select(a => a.Node.Value).ToList();
        return down.Count == 0
            ? HealthCheckResult.Healthy("every node answers over SSH", data)
            : HealthCheckResult.Degraded($"not answering over SSH: {string.Join(", ", down)}", data: data);
    }

    private async Task<(NodeName Node, bool Reachable, string Detail)> ReachAsync(NodeName node, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await shell.RunAsync(node, new RemoteCommand("reachable", "true"), cancellationToken).WaitAsync(cancellationToken);
            return (node, outcome.Succeeded, outcome.Describe());
        }
        catch (OperationCanceledException)
        {
            return (node, false, $"{node}: no answer in time");
        }
    }
}
