using MailHa.Operations.Ssh;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Failover;

/// <summary>
/// 5. Raise the VIP on the target after a duplicate-address probe: Solaris as separate ifconfig
/// steps, Linux with <c>ip addr add ... label</c>, then unsolicited ARP so the network learns the move.
/// </summary>
public sealed class RaiseVipStep(IRemoteShell shell) : FailoverStep
{
    public override int Order => 5;

    public override string Name => "raise-vip";

    public override string Title => "Raise the VIP on the standby";

    public override string Rule => "stops when another host answers for the VIP (duplicate address) or a command fails";

    public override IReadOnlyList<PlannedCommand> Commands(FailoverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var target = context.Target;
        var commands = new List<RemoteCommand> { VipCommands.DuplicateProbe(target.Platform, context.Vip) };
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
        var listing = await shell.RunAsync(target.NodeName, VipCommands.ListAddresses(target.Platform), cancellationToken);
        if (listing is not Exited { Code: 0 } listed)
        {
            return new StepFailed($"cannot read {target.Name}'s interfaces: {listing.Describe()}");
        }

        if (!VipAddressParser.Holds(target.Platform, listed.StdOut, context.Vip.Address))
        {
            var probe = await shell.RunAsync(target.NodeName, VipCommands.DuplicateProbe(target.Platform, context.Vip), cancellationToken);
            if (!probe.Succeeded)
            {
                return new StepFailed($"duplicate-address probe from {target.Name}: another host answers for {context.Vip.Address} ({probe.Describe()}). Not raising it: that would be split brain.");
            }

            foreach (var command in VipCommands.Raise(target.Platform, context.Vip))
            {
                var raised = await shell.RunAsync(target.NodeName, command, cancellationToken);
                if (!raised.Succeeded)
                {
                    return new StepFailed($"raising the VIP on {target.Name} failed at {command.Name}: {raised.Describe()}");
                }
            }
        }

        // A failed announcement is not fatal (the next step proves from outside who answers) but is reported.
        var announced = "announced";
        if (VipCommands.Announce(target.Platform, context.Vip) is { } announce
            && await shell.RunAsync(target.NodeName, announce, cancellationToken) is { Succeeded: false } failed)
        {
            announced = $"gratuitous ARP FAILED ({failed.Describe()}): neighbours may keep the old MAC until their caches expire";
        }

        return new StepDone($"VIP {context.Vip.Address}/{context.Vip.PrefixLength} up on {target.Name} ({context.Vip.Label}), {announced}");
    }
}
