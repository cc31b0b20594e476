using MailHa.Operations.Audit;
using Microsoft.Extensions.Logging;

namespace MailHa.Operations.Failover;

/// <summary>
/// What an operation leaves behind, written together so the three never disagree: its row and steps in the journal
/// (what a resume reads), its audit entries (who asked, who approved, what each step did) and its log lines.
/// </summary>
public sealed class OperationTrail(OperationJournal operations, AuditLog audit, ILogger<FailoverEngine> logger)
{
    public async Task StartedAsync(OperationRecord operation, FailoverRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(request);
        var resumed = operation.DoneSteps.Count > 0;
        await operations.StartAsync(operation, request.Overrides.ToString(), cancellationToken);
        await audit.AppendAsync(new OperationStarted(request.RequestedBy, Subject(operation), resumed, Detail(request, $"{operation.Source} → {operation.Target}; overrides: {request.Overrides}")), cancellationToken);
        FailoverLog.Started(logger, operation.Id, operation.Kind, operation.Source.Value, operation.Target.Value, resumed);
    }

    public Task StepStartedAsync(OperationRecord operation, FailoverStep step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(step);
        return operations.StepAsync(operation.Id, step.Name, StepState.Started, "", cancellationToken);
    }

    public async Task StepEndedAsync(OperationRecord operation, FailoverRequest request, FailoverStep step, StepResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(step);
        ArgumentNullException.ThrowIfNull(result);
        await operations.StepAsync(operation.Id, step.Name, result is StepDone ? StepState.Done : StepState.Failed, result.Describe(), cancellationToken);
        await audit.AppendAsync(new OperationStep(request.RequestedBy, Subject(operation), step.Name, result is StepDone, Detail(request, result.Describe())), cancellationToken);
    }

    public void StepCrashed(OperationRecord operation, FailoverStep step, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(step);
        FailoverLog.StepCrashed(logger, operation.Id, step.Name, exception);
    }

    public void ProgressFailed(StepEvent stepEvent, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(stepEvent);
        FailoverLog.ProgressFailed(logger, stepEvent.OperationId, exception);
    }

    public Task<AuditEntry> RolledBackAsync(OperationRecord operation, FailoverRequest request, RollbackOutcome rollback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rollback);
        return audit.AppendAsync(new OperationRolledBack(request.RequestedBy, Subject(operation), rollback.Succeeded, Detail(request, rollback.Describe())), cancellationToken);
    }

    public async Task EndedAsync(OperationRecord operation, FailoverRequest request, FailoverReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(report);
        var (outcome, message) = (report.Outcome, report.Describe());
        await operations.FinishAsync(operation.Id, outcome, message, cancellationToken);
        await audit.AppendAsync(new OperationEnded(request.RequestedBy, Subject(operation), Succeeded: outcome == FailoverOutcome.Succeeded, Detail(request, message)), cancellationToken);
        FailoverLog.Finished(logger, operation.Id, outcome, message);
    }

    /// <summary>A request refused before anything started: only the log says so (the pipeline audits the refusal).</summary>
    public void Refused(FailoverRequest request, OperationRefusal refusal)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(refusal);
        FailoverLog.Refused(logger, request.Kind, request.RequestedBy, refusal.Describe());
    }

    private static string Subject(OperationRecord operation) => $"{operation.Kind.ToString().ToLowerInvariant()} {operation.Id}";

    private static string Detail(FailoverRequest request, string detail) => $"requested by {request.RequestedBy}, approved by {request.ApprovedBy}; {detail}";
}
