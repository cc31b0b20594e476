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
                return new StepFailed($"cannot read {target.Name}'s interfaces: {listing.Describe()}");
            }

            if (!VipAddressParser.Holds(target.Platform, listed.StdOut, context.Vip.Address)
                && await shell.RunAsync(target.NodeName, VipCommands.DuplicateProbe(target.Platform, context.Vip), cancellationToken) is { Succeeded: false } probe)
            {
                return new StepFailed($"duplicate-address probe from {target.Name}: another host answers for {context.Vip.Address} ({probe.Describe()}). Not raising it: that would be split brain.");
            }
        }

        // The store goes live next: nothing may pull into it any more.
        var stopping = await shell.RunAsync(target.NodeName, MirrorScript.StopPulls(context.Service.Mirror, target), cancellationToken);
        if (stopping is not Exited { Code: 0 } stopped)
        {
            return new StepFailed($"cannot make sure no mirror pull still writes into {target.Name}'s store: {stopping.Describe()}");
        }

        var stray = stopped.StdOut.Trim() is { Length: > 0 } pids ? $"; first stopped a stray mirror pull into its store (PID {pids}), left by a MailHa that died mid-run" : "";

        // Every raise command is safe to repeat: it does nothing where the VIP is already configured.
        foreach (var command in VipCommands.Raise(target.Platform, context.Vip))
        {
            var raised = await shell.RunAsync(target.NodeName, command, cancellationToken);
            if (!raised.Succeeded)
            {
                return new StepFailed($"raising the VIP on {target.Name} failed at {command.Name}: {raised.Describe()}");
            }
        }

        // The first unsolicited ARP leaves now; the rest run detached on the node while verify-vip starts.
        // One that cannot run is not fatal (the next step proves from outside who answers) but is reported.
        var announced = "announced (Solaris: on ifconfig up)";
        if (VipCommands.Announce(target.Platform, context.Vip) is { } announce)
        {
            var outcome = await shell.RunAsync(target.NodeName, announce, cancellationToken);
            announced = outcome.Succeeded
                ? "first gratuitous ARP sent, two more following in the background"
                : $"gratuitous ARP could NOT run ({outcome.Describe()}): neighbours may keep the old MAC until their caches expire";
        }

        return new StepDone($"VIP {context.Vip.Address}/{context.Vip.PrefixLength} up on {target.Name} ({context.Vip.Label}), {announced}{stray}");
    }
}
