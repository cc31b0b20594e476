using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Failover;

/// <summary>
/// Undo of a fence when a later step fails: the VIP off the target (if it got there) and back on the
/// source, whose state file is restored. Used only when this operation itself took the VIP down on
/// a reachable source, so the source is known to be healthy enough to serve again.
/// </summary>
public sealed class VipRollback(IRemoteShell shell, RoleStore roles, NodeStateFiles stateFiles)
{
    public async Task<RollbackOutcome> RestoreSourceAsync(FailoverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (source, target, vip) = (context.Source, context.Target, context.Vip);
        foreach (var command in VipCommands.Drop(target.Platform, vip))
        {
            var dropped = await shell.RunAsync(target.NodeName, command, cancellationToken);
            if (!dropped.Succeeded)
            {
                return new TargetVipNotDropped(target.NodeName, source.NodeName, dropped);
            }
        }

        foreach (var command in VipCommands.Raise(source.Platform, vip))
        {
            var raised = await shell.RunAsync(source.NodeName, command, cancellationToken);
            if (!raised.Succeeded)
            {
                return new SourceVipNotRaised(source.NodeName, command.Name, raised);
            }
        }

        if (VipCommands.Announce(source.Platform, vip) is { } announce)
        {
            await shell.RunAsync(source.NodeName, announce, cancellationToken);
        }

        await stateFiles.WriteAsync(source.NodeName, context.Service, await roles.GetAsync(context.Service, cancellationToken), cancellationToken);
        return new VipRestored(source.NodeName);
    }
}
