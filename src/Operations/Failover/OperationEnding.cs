using MailHa.Operations.Roles;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Failover;

/// <summary>
/// How an operation ends, once its steps have run: on a failure after this operation fenced a reachable source, the VIP
/// goes back there (<see cref="VipRollback"/>); the trail records the outcome; the report says the state the system is
/// left in (who holds the VIP, the recorded roles, the mirror) and what to do next.
/// </summary>
public sealed class OperationEnding(VipRollback rollback, VipLocator vip, RoleStore roles, NodesFoundDown foundDown, OperationTrail trail, TimeProvider time)
{
    public Task<FailoverReport> EndAsync(FailoverContext context, StepSequence.Ran ran, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(ran);
        return ran.Failed is { } failed
            ? FailedAsync(context, ran.Events, failed, startedAt, cancellationToken)
            : SucceededAsync(context, ran.Events, startedAt, cancellationToken);
    }

    private async Task<FailoverReport> SucceededAsync(FailoverContext context, IReadOnlyList<StepEvent> events, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var operation = context.Operation;
        var next = new SetMirrorDirection(operation.Kind, operation.Target, operation.Source);
        var report = Report(context, FailoverOutcome.Succeeded, events, await SystemStateAsync(context, cancellationToken), next, startedAt);
        await trail.EndedAsync(operation, context.Request, report, cancellationToken);
        return report;
    }

    private async Task<FailoverReport> FailedAsync(FailoverContext context, IReadOnlyList<StepEvent> events, StepEvent failed, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var operation = context.Operation;
        var next = NextSteps(context, failed);
        if (context.SourceFenced)
        {
            var undo = await rollback.RestoreSourceAsync(context, cancellationToken);
            await trail.RolledBackAsync(operation, context.Request, undo, cancellationToken);
            next = undo.Succeeded ? new RequestAgainRolledBack(context.Kind, undo) : new RaiseVipByHand(undo);
        }

        var report = Report(context, FailoverOutcome.Failed, events, await SystemStateAsync(context, cancellationToken), next, startedAt);
        await trail.EndedAsync(operation, context.Request, report, cancellationToken);
        return report;
    }

    /// <summary>What to do after <paramref name="failed"/> stopped the plan: what its result says, else the plan's general advice for that step.</summary>
    private static NextStep NextSteps(FailoverContext context, StepEvent failed) => (failed.Result, failed.Step) switch
    {
        (FenceBlocked, _) => new FixMirrorBeforeFence(context.Kind, context.Source.NodeName, context.Target.NodeName),
        (SyncRefusedPullRunning running, _) => new WaitForPull(context.Kind, running.Running.Node),
        (_, "preflight") => new MakeTargetHealthy(context.Target.NodeName),
        (_, "fence") when context.SourceReachable == false => new AcknowledgePrimaryDown(context.Source.NodeName, context.Target.NodeName),
        (_, "fence") => new ClearVip(context.Vip.Address),
        (_, "final-sync") => new FixFinalSync(),
        (_, "verify-directory") => new RepairReplication(),
        (_, "record-roles") => new FinishRecording(),
        _ => new CheckStatusAndRetry(),
    };

    private async Task<SystemState> SystemStateAsync(FailoverContext context, CancellationToken cancellationToken)
    {
        // A source found dead at approval, or any node the plan just found dead, is not asked again: its failure stands for its view.
        var sourceDown = await context.Facts.SourceDownAsync();
        var listings = context.Service.Nodes
            .Select(n => (n == context.Source.NodeName ? sourceDown : foundDown.Find(n)) is { } down ? Task.FromResult(down) : vip.ListInterfacesAsync(n, cancellationToken))
            .ToList();
        var report = await vip.LocateAsync(context.Service, listings, cancellationToken);
        return new SystemState(report, await roles.GetAsync(context.Service, cancellationToken));
    }

    private FailoverReport Report(FailoverContext context, FailoverOutcome outcome, IReadOnlyList<StepEvent> events, SystemState system, NextStep next, DateTimeOffset startedAt)
    {
        var (operation, request) = (context.Operation, context.Request);
        return new(operation.Id, operation.Service, operation.Kind, operation.Source, operation.Target, outcome, events, null, system, next, request.RequestedBy, request.ApprovedBy, startedAt, time.GetUtcNow());
    }
}
