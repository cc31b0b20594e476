using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Failover;

/// <summary>
/// 2. Fence the old active node: take the VIP down there and stop its mirror participation, then
/// prove the VIP is silent. If it cannot be reached, the VIP must already be silent and the approver
/// must acknowledge that the node is down: never two holders.
/// </summary>
public sealed class FenceStep(IRemoteShell shell, VipLocator vip, NodeStateFiles stateFiles, RoleStore roles) : FailoverStep
{
    public override int Order => 2;

    public override string Name => "fence";

    public override string Title => "Fence the old primary";

    public override string Rule => "stops when the old primary is unreachable but the VIP still answers, or when it is unreachable and the approver has not acknowledged it is down";

    public override IReadOnlyList<PlannedCommand> Commands(FailoverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return [.. VipCommands.Drop(context.Source.Platform, context.Vip).Select(c => new PlannedCommand(context.Source.NodeName, c.Name, c.Text))];
    }

    public override async Task<StepResult> ExecuteAsync(FailoverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var source = context.Source;
        var listing = await shell.RunAsync(source.NodeName, VipCommands.ListAddresses(source.Platform), cancellationToken);
        context.SourceReachable = listing is Exited { Code: 0 };
        if (listing is not Exited { Code: 0 } listed)
        {
            return await FenceUnreachableAsync(context, listing, cancellationToken);
        }

        var held = VipAddressParser.Holds(source.Platform, listed.StdOut, context.Vip.Address);
        if (held)
        {
            foreach (var command in VipCommands.Drop(source.Platform, context.Vip))
            {
                var dropped = await shell.RunAsync(source.NodeName, command, cancellationToken);
                if (!dropped.Succeeded)
                {
                    return new StepFailed($"taking the VIP down on {source.Name} failed at {command.Name}: {dropped.Describe()}. The VIP may still be on {source.Name}; the standby was not touched.");
                }
            }

            context.SourceFenced = true;
        }

        // Stop its mirror participation: its state file says paused, so no job there pulls or serves as "active".
        var state = await roles.GetAsync(cancellationToken);
        await stateFiles.WriteAsync(source.NodeName, state with { MirrorPaused = true, Reason = $"fenced by {context.Operation.Id}" }, cancellationToken);

        var answer = await vip.ProbeVipAsync(cancellationToken);
        if (answer is Answered still)
        {
            return new StepFailed($"the VIP still answers after fencing {source.Name} (\"{still.Banner}\"): something else holds {context.Vip.Address}. Not raising it on {context.Target.Name}.");
        }

        return new StepDone(held
            ? $"VIP {context.Vip.Address} taken down on {source.Name}; its mirror paused; the VIP is silent"
            : $"{source.Name} did not hold the VIP; its mirror paused; the VIP is silent");
    }

    private async Task<StepResult> FenceUnreachableAsync(FailoverContext context, CommandOutcome listing, CancellationToken cancellationToken)
    {
        var source = context.Source;
        if (context.Kind != OperationKind.Failover)
        {
            return new StepFailed($"{source.Name} cannot be reached ({listing.Describe()}): a {context.Kind.ToString().ToLowerInvariant()} needs both nodes up. Use a failover if {source.Name} is down. Nothing was changed.");
        }

        var answer = await vip.ProbeVipAsync(cancellationToken);
        if (answer is Answered still)
        {
            return new StepFailed($"{source.Name} cannot be reached ({listing.Describe()}) but the VIP still answers (\"{still.Banner}\"): something still holds {context.Vip.Address}. Not raising it on {context.Target.Name}: that would be split brain. Power off or isolate {source.Name}, then retry.");
        }

        if (!context.Request.Overrides.PrimaryDown)
        {
            return new StepFailed($"{source.Name} cannot be reached ({listing.Describe()}) and the VIP is silent. Continuing needs the approver's explicit acknowledgement that {source.Name} is down (primary-down). Nothing was changed.");
        }

        return new StepDone($"{source.Name} unreachable and the VIP silent; {context.Request.ApprovedBy} acknowledged {source.Name} is down");
    }
}
