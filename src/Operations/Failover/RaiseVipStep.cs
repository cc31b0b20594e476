using MailHa.Operations.Mirror;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Failover;

/// <summary>
/// 6. Raise the VIP on the target (the fence's ARP probe was the duplicate-address check): Solaris as
/// separate ifconfig steps, Linux with <c>ip addr add ... label</c>, then unsolicited ARP as keepalived
/// does it: the first packet inline, the rest in the background on the node, so verify-vip starts at once.
/// Before that, a mirror pull still writing into the target's store is stopped: this operation holds the only
/// operation lease, so such a pull belongs to a MailHa that died mid-run, and once the store is live its
/// <c>--delete</c> would remove mail delivered there (the final sync refuses to start beside one, but a failover
/// whose source is down skips the final sync).
/// </summary>
public sealed class RaiseVipStep(IRemoteShell shell) : FailoverStep
{
    public override int Order => 6;

    public override string Name => "raise-vip";

    public override string Title => "Raise the VIP on the standby";

    public override string Rule => "stops when another host answers for the VIP (duplicate address) or a command fails; a stray mirror pull into the store is stopped first";

    public override IReadOnlyList<PlannedCommand> Commands(FailoverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = context.Target;
        var commands = new List<RemoteCommand> { MirrorScript.StopPulls(context.Service.Mirror, target) };
        commands.AddRange(VipCommands.Raise(target.Platform, context.Vip));
        if (VipCommands.Announce(target.Platform, context.Vip) is { } announce)
        {
            commands.Add(announce);
        }

        return [.. commands.Select(c => new PlannedCommand(target.NodeName, c.Name, c.Text))];
    }

    public override async Task<StepResult> ExecuteAsync(FailoverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = context.Target;

        // The fence of this run proved at ARP level, from here, that nobody holds the VIP: that probe was the
        // duplicate-address check. A run resumed after the fence proves it again (unless the VIP is already here).
        if (!context.VipSilenceProven)
        {
            var listing = await shell.RunAsync(target.NodeName, VipCommands.ListAddresses(target.Platform), cancellationToken);
            if (listing is not Exited { Code: 0 } listed)
            {
                return new InterfacesUnreadable(target.NodeName, listing);
            }

            if (!VipAddressParser.Holds(target.Platform, listed.StdOut, context.Vip.Address)
                && await shell.RunAsync(target.NodeName, VipCommands.DuplicateProbe(target.Platform, context.Vip), cancellationToken) is { Succeeded: false } probe)
            {
                return new DuplicateAddress(target.NodeName, context.Vip.Address, probe);
            }
        }

        // The store goes live next: nothing may pull into it any more.
        var stopping = await shell.RunAsync(target.NodeName, MirrorScript.StopPulls(context.Service.Mirror, target), cancellationToken);
        if (stopping is not Exited { Code: 0 } stopped)
        {
            return new StrayPullNotStopped(target.NodeName, stopping);
        }

        var stray = stopped.StdOut.Trim() is { Length: > 0 } pids ? pids : null;

        // Every raise command is safe to repeat: it does nothing where the VIP is already configured.
        foreach (var command in VipCommands.Raise(target.Platform, context.Vip))
        {
            var raised = await shell.RunAsync(target.NodeName, command, cancellationToken);
            if (!raised.Succeeded)
            {
                return new VipRaiseFailed(target.NodeName, command.Name, raised);
            }
        }

        // The first unsolicited ARP leaves now; the rest run detached on the node while verify-vip starts.
        // One that cannot run is not fatal (the next step proves from outside who answers) but is reported.
        var announced = VipCommands.Announce(target.Platform, context.Vip) is { } announce
            ? await shell.RunAsync(target.NodeName, announce, cancellationToken)
            : null;
        return new VipRaised(target.NodeName, context.Vip.Address, context.Vip.PrefixLength, context.Vip.Label, announced, stray);
    }
}
