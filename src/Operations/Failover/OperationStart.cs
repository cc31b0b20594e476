using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Failover;

/// <summary>
/// The start of an admitted operation, all at once: the source's facts (asked once for the whole operation; not at
/// all when the plan just found the source unreachable, <see cref="NodesFoundDown"/>), the catch-up mirror run when
/// the standby is behind (<see cref="CatchUp"/>), and the operation's start in its trail.
/// </summary>
public sealed class OperationStart(IRemoteShell shell, IOptions<SshOptions> ssh, CatchUp catchUp, NodesFoundDown foundDown, OperationTrail trail, MailTopology topology)
{
    /// <summary>What the steps work from. Once this returns, the caller settles it (<see cref="FailoverContext.SettleAsync"/>).</summary>
    public async Task<FailoverContext> BeginAsync(OperationRecord operation, FailoverRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(request);
        var (source, target) = (topology.Node(operation.Source), topology.Node(operation.Target));
        var facts = SourceFacts.Gather(shell, source, target, request.Service.Vip, ssh.Value, foundDown.Find(source.NodeName), cancellationToken);
        var context = new FailoverContext(operation, request, source, target, facts, await catchUp.StartIfBehindAsync(operation, request, cancellationToken));
        try
        {
            await trail.StartedAsync(operation, request, cancellationToken);
            return context;
        }
        catch
        {
            await context.SettleAsync();
            throw;
        }
    }
}
