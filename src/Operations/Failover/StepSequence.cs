using System.Diagnostics;

namespace MailHa.Operations.Failover;

/// <summary>
/// The plan's steps in order, run for one operation: those its interrupted run did are skipped, each one is recorded
/// in its trail when it starts and ends and reported live (best effort: the journal is the record), and the first
/// that fails stops the sequence.
/// </summary>
public sealed class StepSequence(IEnumerable<FailoverStep> steps, OperationTrail trail)
{
    /// <summary>The steps, in plan order.</summary>
    public IReadOnlyList<FailoverStep> Steps { get; } = [.. steps.OrderBy(s => s.Order)];

    public async Task<Ran> RunAsync(FailoverContext context, Func<StepEvent, CancellationToken, Task>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (operation, request) = (context.Operation, context.Request);
        var events = new List<StepEvent>();
        var index = 0;
        foreach (var step in Steps)
        {
            index++;
            if (operation.DoneSteps.Contains(step.Name))
            {
                var skipped = new StepEvent(operation.Id, index, step.Name, step.Title, StepState.Skipped, null, TimeSpan.Zero);
                events.Add(skipped);
                await EmitAsync(progress, skipped, cancellationToken);
                continue;
            }

            await trail.StepStartedAsync(operation, step, cancellationToken);
            await EmitAsync(progress, new StepEvent(operation.Id, index, step.Name, step.Title, StepState.Started, null, TimeSpan.Zero), cancellationToken);
            var clock = Stopwatch.StartNew();
            StepResult result;
            try
            {
                result = await step.ExecuteAsync(context, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                trail.StepCrashed(operation, step, e);
                result = new StepCrashed(e.Message);
            }

            var finished = new StepEvent(operation.Id, index, step.Name, step.Title, result is StepDone ? StepState.Done : StepState.Failed, result, clock.Elapsed);
            events.Add(finished);
            await trail.StepEndedAsync(operation, request, step, result, cancellationToken);
            await EmitAsync(progress, finished, cancellationToken);
            if (result is StepFailed)
            {
                return new Ran(events, finished);
            }
        }

        return new Ran(events, null);
    }

    private async Task EmitAsync(Func<StepEvent, CancellationToken, Task>? progress, StepEvent stepEvent, CancellationToken cancellationToken)
    {
        if (progress is null)
        {
            return;
        }

        try
        {
            await progress(stepEvent, cancellationToken);
        }
#pragma warning disable CA1031 // A chat outage must not stop a failover half-way: progress is best effort, the journal is the record.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            trail.ProgressFailed(stepEvent, e);
        }
    }

    /// <summary>What the sequence came to: every step's event and the one that failed (null: all done).</summary>
    public sealed record Ran(IReadOnlyList<StepEvent> Events, StepEvent? Failed);
}
