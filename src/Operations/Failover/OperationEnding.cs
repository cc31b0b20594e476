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
            ? FailedAsync(context, ran.Events, failed, ran.Next, startedAt, cancellationToken)
            : SucceededAsync(context, ran.Events, startedAt, cancellationToken);
    }

    private async Task<FailoverReport> SucceededAsync(FailoverContext context, IReadOnlyList<StepEvent> events, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var operation = context.Operation;
        var message = $"{operation.Kind} complete: {operation.Target} is active and answers on the VIP.";
        var next = operation.Kind == OperationKind.Failover
            ? $"The mirror is PAUSED. When {operation.Source} is repaired and its store checked, set the new direction ({operation.Target} → {operation.Source}) with 'mirror resume'; later, failback returns the VIP to the original primary."
            : $"The mirror is PAUSED until an operator sets the new direction ({operation.Target} → {operation.Source}) with 'mirror resume'.";
        await trail.EndedAsync(operation, context.Request, FailoverOutcome.Succeeded, message, cancellationToken);
        return Report(context, FailoverOutcome.Succeeded, events, message, await DescribeSystemAsync(context, cancellationToken), next, startedAt);
    }

    private async Task<FailoverReport> FailedAsync(FailoverContext context, IReadOnlyList<StepEvent> events, StepEvent failed, string? stepNext, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var operation = context.Operation;
        var next = stepNext ?? NextSteps(context, failed);
        if (context.SourceFenced)
        {
            var undo = await rollback.RestoreSourceAsync(context, cancellationToken);
            await trail.RolledBackAsync(operation, context.Request, undo.Succeeded, undo.Detail, cancellationToken);
            next = undo.Succeeded
                ? $"Rolled back: {undo.Detail}. Fix the cause above, then request the {context.Kind.ToString().ToLowerInvariant()} again."
                : $"ROLLBACK FAILED: {undo.Detail}. Mail may be down: raise the VIP by hand on one node only (see the runbook).";
        }

        var message = $"{operation.Kind} stopped at '{failed.Title}': {failed.Detail}";
        await trail.EndedAsync(operation, context.Request, FailoverOutcome.Failed, message, cancellationToken);
        return Report(context, FailoverOutcome.Failed, events, message, await DescribeSystemAsync(context, cancellationToken), next, startedAt);
    }

    private static string NextSteps(FailoverContext context, StepEvent failed) => failed.Step switch
    {
        "preflight" => $"Nothing was changed. Make {context.Target.Name} healthy (SSH, mail service, directory), then request again.",
        "fence" when context.SourceReachable == false => $"Nothing was changed on {context.Target.Name}. If {context.Source.Name} is really down and the VIP is silent, request again with the primary-down acknowledgement.",
        "fence" => $"Check who holds {context.Vip.Address} (status), take it down there, then request again.",
        "final-sync" => $"The final sync failed. Fix the mirror (see the message), or request again accepting the final-sync failure (mail received since the last good run would be lost).",
        "verify-directory" => "Directory replication is broken. Repair it, or request again accepting broken replication.",
        "record-roles" => "The VIP moved but the roles were not recorded: run the operation again to finish recording.",
        _ => "Check status: it shows who holds the VIP now. Request again once the cause is fixed; every step is safe to repeat.",
    };

    private async Task<string> DescribeSystemAsync(FailoverContext context, CancellationToken cancellationToken)
    {
        // A source found dead at approval, or any node the plan just found dead, is not asked again: its failure stands for its view.
        var sourceDown = await context.Facts.SourceDownAsync();
        var listings = context.Service.Nodes
            .Select(n => (n == context.Source.NodeName ? sourceDown : foundDown.Find(n)) is { } down ? Task.FromResult(down) : vip.ListInterfacesAsync(n, cancellationToken))
            .ToList();
        var report = await vip.LocateAsync(context.Service, listings, cancellationToken);
        var state = await roles.GetAsync(context.Service, cancellationToken);
        var mirror = state.MirrorPaused ? "mirror PAUSED: the standby is not being kept up to date" : $"mirror {state.Active} → {state.Standby} active";
        return $"{report.Summary}. Roles {state.Describe()}; {mirror}.";
    }

    private FailoverReport Report(FailoverContext context, FailoverOutcome outcome, IReadOnlyList<StepEvent> events, string message, string system, string next, DateTimeOffset startedAt)
    {
        var (operation, request) = (context.Operation, context.Request);
        return new(operation.Id, operation.Kind, operation.Source, operation.Target, outcome, events, message, system, next, request.RequestedBy, request.ApprovedBy, startedAt, time.GetUtcNow()) { Service = request.Service.Name };
    }
}
