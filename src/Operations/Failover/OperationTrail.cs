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
        await operations.StepAsync(operation.Id, step.Name, result is StepDone ? StepState.Done : StepState.Failed, result.Detail, cancellationToken);
        await audit.AppendAsync(new OperationStep(request.RequestedBy, Subject(operation), step.Name, result is StepDone, Detail(request, result.Detail)), cancellationToken);
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

    public Task<AuditEntry> RolledBackAsync(OperationRecord operation, FailoverRequest request, bool succeeded, string detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(request);
        return audit.AppendAsync(new OperationRolledBack(request.RequestedBy, Subject(operation), succeeded, Detail(request, detail)), cancellationToken);
    }

    public async Task EndedAsync(OperationRecord operation, FailoverRequest request, FailoverOutcome outcome, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(request);
        await operations.FinishAsync(operation.Id, outcome, message, cancellationToken);
        await audit.AppendAsync(new OperationEnded(request.RequestedBy, Subject(operation), Succeeded: outcome == FailoverOutcome.Succeeded, Detail(request, message)), cancellationToken);
        FailoverLog.Finished(logger, operation.Id, outcome, message);
    }

    /// <summary>A request refused before anything started: only the log says so (the pipeline audits the refusal).</summary>
    public void Refused(FailoverRequest request, string message)
    {
        ArgumentNullException.ThrowIfNull(request);
        FailoverLog.Refused(logger, request.Kind, request.RequestedBy, message);
    }

    private static string Subject(OperationRecord operation) => $"{operation.Kind.ToString().ToLowerInvariant()} {operation.Id}";

    private static string Detail(FailoverRequest request, string detail) => $"requested by {request.RequestedBy}, approved by {request.ApprovedBy}; {detail}";
}
