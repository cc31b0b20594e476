using MailHa.Operations.Reporting;

namespace MailHa.Operations.Failover;

/// <summary>
/// Runs a failover, switchover or failback of one service as an ordered, resumable, journaled plan. One operation per
/// service at a time (across chat, CLI, jobs and instances; operations on different services run at once), the target
/// node's capacity reserved in the journal when it starts (<see cref="OperationAdmission"/>); every step reports live and
/// is recorded (<see cref="StepSequence"/>); a failure leaves a stated, safe system (<see cref="OperationEnding"/>: a
/// switchover that fenced its source puts the VIP back there).
/// </summary>
public sealed class FailoverEngine(
    FailoverPlanner planner,
    OperationAdmission admission,
    OperationStart start,
    StepSequence sequence,
    OperationEnding ending,
    IEnumerable<IReportObserver<FailoverReport>> observers)
{
    /// <summary>The dry run: the exact plan, the commands per node, what each check finds now. Changes nothing.</summary>
    public Task<FailoverPlan> PlanAsync(FailoverRequest request, CancellationToken cancellationToken) =>
        planner.PlanAsync(request, sequence.Steps, cancellationToken);

    /// <summary>
    /// The same for a request's card, taking what the health watch just found of a node it declared down instead of
    /// asking that node again (<see cref="FailoverPlanner.PlanAsync(FailoverRequest, IReadOnlyList{FailoverStep}, IReadOnlyCollection{Liveness.WatchFinding}, CancellationToken)"/>).
    /// </summary>
    public Task<FailoverPlan> PlanAsync(FailoverRequest request, IReadOnlyCollection<Liveness.WatchFinding> known, CancellationToken cancellationToken) =>
        planner.PlanAsync(request, sequence.Steps, known, cancellationToken);

    public async Task<FailoverReport> RunAsync(FailoverRequest request, Func<StepEvent, CancellationToken, Task>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = await RunOnceAsync(request, progress, cancellationToken);
        await observers.NotifyAsync(report, report.EndedAt - report.StartedAt, cancellationToken);
        return report;
    }

    private async Task<FailoverReport> RunOnceAsync(FailoverRequest request, Func<StepEvent, CancellationToken, Task>? progress, CancellationToken cancellationToken)
    {
        switch (await admission.AdmitAsync(request, cancellationToken))
        {
            case NotAdmitted refused:
                return refused.Report;
            case Admitted admitted:
                await using (admitted.Lease)
                {
                    return await RunAdmittedAsync(admitted, request, progress, admitted.Lease.Token);
                }

            case var other:
                throw new InvalidOperationException($"unknown admission {other}");
        }
    }

    private async Task<FailoverReport> RunAdmittedAsync(Admitted admitted, FailoverRequest request, Func<StepEvent, CancellationToken, Task>? progress, CancellationToken cancellationToken)
    {
        var context = await start.BeginAsync(admitted.Operation, request, cancellationToken);
        try
        {
            var ran = await sequence.RunAsync(context, progress, cancellationToken);
            return await ending.EndAsync(context, ran, admitted.StartedAt, cancellationToken);
        }
        finally
        {
            // Nothing of this operation may still run on a node once it has ended.
            await context.SettleAsync();
        }
    }
}
