using MailHa.Operations.Mirror;
using MailHa.Operations.Reporting;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Failover;

/// <summary>
/// 2. Fence the old active node: take the VIP down there and stop its mirror participation, then
/// prove from the target, at ARP level, that the VIP is silent (one duplicate-address probe, which is
/// also the check before raising). If it cannot be reached, the VIP must already be silent and the
/// approver must acknowledge that the node is down: never two holders. A reachable node is not fenced when the final
/// sync cannot run (<see cref="FinalSyncBlocker"/>) and its failure was not accepted. The next step lets the fenced
/// node's MTA store what it had accepted (<see cref="DrainMailStep"/>) before the final sync pulls.
/// </summary>
public sealed class FenceStep(IRemoteShell shell, NodeStateFiles stateFiles, RoleStore roles) : FailoverStep
{
    public override int Order => 2;

    public override string Name => "fence";

    public override string Title => "Fence the old primary";

    public override string Rule => "stops before changing anything when the final sync cannot run (the catch-up run failed, or the target cannot reach the old primary's rsync daemon) unless the approver accepted a final-sync failure; stops when the old primary is unreachable but the VIP still answers, or when it is unreachable and the approver has not acknowledged it is down";

    public override IReadOnlyList<PlannedCommand> Commands(FailoverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var probe = VipCommands.DuplicateProbe(context.Target.Platform, context.Vip);
        return
        [
            .. VipCommands.Drop(context.Source.Platform, context.Vip).Select(c => new PlannedCommand(context.Source.NodeName, c.Name, c.Text)),
            new(context.Target.NodeName, probe.Name, probe.Text),
        ];
    }

    public override string? Note(FailoverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.SourceFoundDown is { } down && context.Kind == OperationKind.Failover
            ? $"{context.Source.Name} is not asked again: this plan found it unreachable ({down.Describe()}), so the commands on it do not run; the VIP's silence is proven from {context.Target.Name} at ARP level, and the approver must acknowledge {context.Source.Name} is down"
            : null;
    }

    public override async Task<StepResult> ExecuteAsync(FailoverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var source = context.Source;

        if (await context.Facts.SourceDownAsync() is { } down)
        {
            context.SourceReachable = false;
            return await FenceUnreachableAsync(context, down);
        }

        // A planned move first lets its catch-up mirror run finish while the source still serves: the final
        // sync after the fence then has only seconds of mail to carry.
        context.SourceReachable = true;
        var caughtUp = context.CatchUp is { } catchUp ? await catchUp : null;
        if (!context.Request.Overrides.FinalSyncFailure
            && FinalSyncBlocker.Find(source.NodeName, context.Target.NodeName, await context.Facts.RsyncDaemon, caughtUp) is { } blocker)
        {
            // The final sync after the fence would fail and the rollback give the VIP back: users would lose it for
            // nothing. Stop while nothing has changed.
            return new FenceBlocked(source.NodeName, blocker);
        }

        var listed = (Exited)await context.Facts.Interfaces;
        var held = VipAddressParser.Holds(source.Platform, listed.StdOut, context.Vip.Address);
        if (held)
        {
            foreach (var command in VipCommands.Drop(source.Platform, context.Vip))
            {
                var dropped = await shell.RunAsync(source.NodeName, command, cancellationToken);
                if (!dropped.Succeeded)
                {
                    return new VipDropFailed(source.NodeName, command.Name, dropped);
                }
            }

            context.SourceFenced = true;
        }

        // The target proves at ARP level that nobody answers for the VIP any more, while the source's mirror
        // participation stops (its state file says paused, so no job there pulls or serves as "active").
        var silence = shell.RunAsync(context.Target.NodeName, VipCommands.DuplicateProbe(context.Target.Platform, context.Vip), cancellationToken);
        var state = await roles.GetAsync(context.Service, cancellationToken);
        var paused = await stateFiles.WriteAsync(source.NodeName, context.Service, state with { MirrorPaused = true, Reason = $"fenced by {context.Operation.Id}" }, cancellationToken);
        if (Answered(await silence, context) is { } failure)
        {
            return failure;
        }

        context.VipSilenceProven = true;
        return new Fenced(source.NodeName, context.Target.NodeName, context.Vip.Address, held, paused, caughtUp);
    }

    private static StepFailed? Answered(CommandOutcome probe, FailoverContext context) => probe switch
    {
        Exited { Code: 0 } => null,
        Exited { Code: 1 } => new VipStillAnswers(context.Vip.Address, context.Source.NodeName, context.Target.NodeName),
        _ => new VipSilenceUnproven(context.Vip.Address, context.Target.NodeName, probe),
    };

    private static async Task<StepResult> FenceUnreachableAsync(FailoverContext context, CommandOutcome listing)
    {
        var source = context.Source;
        if (context.Kind != OperationKind.Failover)
        {
            return new SourceNeededUp(source.NodeName, context.Kind, listing);
        }

        // Asked at approval, at the same time as the SSH connection: nothing was changed since.
        var arp = await context.Facts.VipAtArp;
        if (arp is Exited { Code: 1 })
        {
            return new SourceDownVipAnswers(source.NodeName, listing, context.Target.NodeName, context.Vip.Address);
        }

        if (Answered(arp, context) is { } failure)
        {
            return failure;
        }

        if (!context.Request.Overrides.PrimaryDown)
        {
            return new PrimaryDownNotAcknowledged(source.NodeName, listing);
        }

        context.VipSilenceProven = true;
        return new FencedUnreachable(source.NodeName, listing, context.Facts.FoundDownByPlan, context.Request.ApprovedBy);
    }
}
