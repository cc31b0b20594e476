using System.Diagnostics;
using MailHa.Operations.Audit;
using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Reporting;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Failover;

/// <summary>
/// Runs a failover, switchover or failback of one service as an ordered, resumable, journaled plan. One operation per
/// service at a time (across chat, CLI, jobs and instances; operations on different services run at once), the target
/// node's capacity reserved in the journal when it starts; every step reports live and is recorded; a failure leaves a
/// stated, safe system (a switchover that fenced its source puts the VIP back there).
/// </summary>
public sealed class FailoverEngine(
    IEnumerable<FailoverStep> steps,
    FailoverPlanner planner,
    OperationJournal operations,
    OperationLock operationLock,
    RoleStore roles,
    VipRollback rollback,
    VipLocator vip,
    IRemoteShell shell,
    MirrorRunner mirror,
    MirrorHistory history,
    MirrorStreamState stream,
    IOptions<SshOptions> ssh,
    AuditLog audit,
    MailTopology topology,
    IEnumerable<IReportObserver<FailoverReport>> observers,
    TimeProvider time,
    ILogger<FailoverEngine> logger)
{
    /// <summary>
    /// A catch-up run at approval pays only when the standby is minutes behind. A good run in the same direction that
    /// started this recently (the schedule's, or one a person ran) leaves the final sync about as little to carry as a
    /// catch-up would, so none runs and the fence starts at once; so does a continuous mirror that followed this direction
    /// with a lag under this, measured within it (the stream's last batch replaces the catch-up; the final sync stays).
    /// </summary>
    public static readonly TimeSpan CatchUpUnlessRunWithin = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long an approved operation waits for a mirror run in progress to end. Such a run is bounded, safe, and does
    /// what the catch-up would do; refusing the approval for it would only make two people ask again. An operation
    /// lease held by anything else is refused at once.
    /// </summary>
    public static readonly TimeSpan MirrorRunWaitLimit = TimeSpan.FromMinutes(2);

    private readonly IReadOnlyList<FailoverStep> _steps = [.. steps.OrderBy(s => s.Order)];

    /// <summary>The dry run: the exact plan, the commands per node, what each check finds now. Changes nothing.</summary>
    public Task<FailoverPlan> PlanAsync(FailoverRequest request, CancellationToken cancellationToken) =>
        planner.PlanAsync(request, _steps, cancellationToken);

    public async Task<FailoverReport> RunAsync(FailoverRequest request, Func<StepEvent, CancellationToken, Task>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var report = await RunOnceAsync(request, progress, cancellationToken);
        await observers.NotifyAsync(report, report.EndedAt - report.StartedAt, cancellationToken);
        return report;
    }

    private async Task<FailoverReport> RunOnceAsync(FailoverRequest request, Func<StepEvent, CancellationToken, Task>? progress, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var service = request.Service;
        var states = await roles.GetAllAsync(topology.Services, cancellationToken);
        var current = states.First(s => s.Service == service.Name);

        // An operation in the journal that still holds the lock is running, not interrupted: never join or resume it.
        if (await operationLock.GetAsync(service.Name, cancellationToken) is { } running && running.Kind != MirrorRunner.LeaseKind)
        {
            return Refused(request, current, startedAt, $"another operation is running: {running.Describe()}");
        }

        var unfinished = await operations.UnfinishedAsync(service.Name, cancellationToken);
        OperationRecord operation;
        if (unfinished is not null)
        {
            if (unfinished.Kind != request.Kind)
            {
                return Refused(request, current, startedAt,
                    $"an interrupted {unfinished.Kind.ToString().ToLowerInvariant()} ({unfinished.Id}, {unfinished.Source} → {unfinished.Target}) must be finished first: run {unfinished.Kind.ToString().ToLowerInvariant()} again to resume it");
            }

            operation = unfinished;
        }
        else
        {
            var (source, target, refusal) = FailoverPlanner.Resolve(topology, request, current, FailoverPlanner.Running(states));
            if (refusal is not null)
            {
                return Refused(request, current, startedAt, refusal);
            }

            operation = new OperationRecord(service.Name, NewId(request.Kind), request.Kind, source, target, current.Generation, request.RequestedBy, request.ApprovedBy, OperationJournal.Running, startedAt, new HashSet<string>());
        }

        if (await AcquireAsync(operation, request, cancellationToken) is { } holder)
        {
            return Refused(request, current, startedAt, $"another operation is running: {holder.Describe()}");
        }

        try
        {
            // The target's room, reserved in the journal with the operation's row: of two moves onto one node that has
            // room for one, whatever instance runs them, exactly one starts.
            if (unfinished is null
                && await operations.ReserveAsync(operation, request.Overrides.ToString(), placed => Reservation(request, operation, placed), cancellationToken) is { } full)
            {
                return Refused(request, current, startedAt, full);
            }

            // Renewed while the steps run; if another instance took the lease over (this one stalled
            // past its expiry), stop here: the operation is interrupted and resumes there.
            await using var renewal = operationLock.KeepAlive(operation.Id);
            using var held = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, renewal.Lost);
            return await StartAsync(operation, request, progress, startedAt, held.Token);
        }
        finally
        {
            await operationLock.ReleaseAsync(operation.Id, CancellationToken.None);
        }
    }

    /// <summary>Takes the operation lease, waiting out a mirror run in progress (<see cref="MirrorRunWaitLimit"/>); null when taken, else who holds it.</summary>
    private async Task<OperationLease?> AcquireAsync(OperationRecord operation, FailoverRequest request, CancellationToken cancellationToken)
    {
        var giveUpAt = time.GetUtcNow() + MirrorRunWaitLimit;
        while (true)
        {
            var (acquired, lease) = await operationLock.TryAcquireAsync(request.Service.Name, operation.Id, request.Kind.ToString().ToLowerInvariant(), request.RequestedBy, cancellationToken);
            if (acquired)
            {
                return null;
            }

            if (lease.Kind != MirrorRunner.LeaseKind || time.GetUtcNow() >= giveUpAt)
            {
                return lease;
            }

            // A run of this process ends when its runner is idle; one on another instance is polled for.
            await mirror.WhenIdleAsync(request.Service.Name, cancellationToken);
            if (await operationLock.GetAsync(request.Service.Name, cancellationToken) is { Kind: MirrorRunner.LeaseKind })
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
            }
        }
    }

    private async Task<bool> NeedsCatchUpAsync(OperationRecord operation, FailoverRequest request, CancellationToken cancellationToken)
    {
        if (request.Kind == OperationKind.Failover || operation.DoneSteps.Contains("fence"))
        {
            return false;
        }

        // The continuous mirror followed this direction until the operation's lease stopped it, its lag measured lately and
        // small: the standby is seconds behind, the stream's last batch did the catch-up's work; the final sync carries the rest.
        var followed = stream.View;
        if (topology.ContinuousService?.Name == request.Service.Name && followed.Source == operation.Source && followed.Target == operation.Target && followed.Generation == operation.StartGeneration
            && followed.Lag < CatchUpUnlessRunWithin && time.GetUtcNow() - followed.LagMeasuredAt < CatchUpUnlessRunWithin)
        {
            return false;
        }

        var last = await history.LastGoodAsync(request.Service.Name, cancellationToken);
        return last is null || last.Source != operation.Source || last.Target != operation.Target || last.Generation != operation.StartGeneration
            || time.GetUtcNow() - last.StartedAt > CatchUpUnlessRunWithin;
    }

    private async Task<FailoverReport> StartAsync(OperationRecord operation, FailoverRequest request, Func<StepEvent, CancellationToken, Task>? progress, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var (source, target) = (topology.Node(operation.Source), topology.Node(operation.Target));

        // At approval, all at once: the source's facts (asked once for the whole operation) and, for a planned
        // move not yet fenced whose standby is more than a minute behind, a catch-up mirror run while the source
        // still serves mail.
        var facts = SourceFacts.Gather(shell, source, target, request.Service.Vip, ssh.Value, cancellationToken);
        var catchUp = await NeedsCatchUpAsync(operation, request, cancellationToken)
            ? mirror.RunAsync(new MirrorRequest(request.Service, $"catch-up:{operation.Id}", operation.Id, OverridePause: true), cancellationToken)
            : null;
        var context = new FailoverContext(operation, request, source, target, facts, catchUp);
        var resumed = operation.DoneSteps.Count > 0;
        try
        {
            await operations.StartAsync(operation, request.Overrides.ToString(), cancellationToken);
            await AuditAsync(new OperationStarted(request.RequestedBy, Subject(operation), resumed, Detail(request, $"{operation.Source} → {operation.Target}; overrides: {request.Overrides}")), cancellationToken);
            FailoverLog.Started(logger, operation.Id, operation.Kind, operation.Source.Value, operation.Target.Value, resumed);
            return await RunStepsAsync(context, progress, startedAt, cancellationToken);
        }
        finally
        {
            // Nothing of this operation may still run on a node once it has ended.
            await facts.SettleAsync();
            foreach (var run in new[] { catchUp, context.FinalSync }.OfType<Task<MirrorRun>>())
            {
                await run.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }
        }
    }

    private async Task<FailoverReport> RunStepsAsync(FailoverContext context, Func<StepEvent, CancellationToken, Task>? progress, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var (operation, request) = (context.Operation, context.Request);
        var events = new List<StepEvent>();
        var index = 0;
        foreach (var step in _steps)
        {
            index++;
            if (operation.DoneSteps.Contains(step.Name))
            {
                var skipped = new StepEvent(operation.Id, index, step.Name, step.Title, StepState.Skipped, "already done by the interrupted run", TimeSpan.Zero);
                events.Add(skipped);
                await EmitAsync(progress, skipped, cancellationToken);
                continue;
            }

            await operations.StepAsync(operation.Id, step.Name, StepState.Started, "", cancellationToken);
            await EmitAsync(progress, new StepEvent(operation.Id, index, step.Name, step.Title, StepState.Started, "", TimeSpan.Zero), cancellationToken);
            var clock = Stopwatch.StartNew();
            StepResult result;
            try
            {
                result = await step.ExecuteAsync(context, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                FailoverLog.StepCrashed(logger, operation.Id, step.Name, e);
                result = new StepFailed($"unexpected error: {e.Message}");
            }

            var state = result is StepDone ? StepState.Done : StepState.Failed;
            var finished = new StepEvent(operation.Id, index, step.Name, step.Title, state, result.Detail, clock.Elapsed);
            events.Add(finished);
            await operations.StepAsync(operation.Id, step.Name, state, result.Detail, cancellationToken);
            await AuditAsync(new OperationStep(request.RequestedBy, Subject(operation), step.Name, result is StepDone, Detail(request, result.Detail)), cancellationToken);
            await EmitAsync(progress, finished, cancellationToken);
            if (result is StepFailed stepFailed)
            {
                return await FailAsync(context, events, finished, stepFailed.Next, startedAt, cancellationToken);
            }
        }

        var message = $"{operation.Kind} complete: {operation.Target} is active and answers on the VIP.";
        var next = operation.Kind == OperationKind.Failover
            ? $"The mirror is PAUSED. When {operation.Source} is repaired and its store checked, set the new direction ({operation.Target} → {operation.Source}) with 'mirror resume'; later, failback returns the VIP to the original primary."
            : $"The mirror is PAUSED until an operator sets the new direction ({operation.Target} → {operation.Source}) with 'mirror resume'.";
        await operations.FinishAsync(operation.Id, FailoverOutcome.Succeeded, message, cancellationToken);
        await AuditAsync(new OperationEnded(request.RequestedBy, Subject(operation), Succeeded: true, Detail(request, message)), cancellationToken);
        FailoverLog.Finished(logger, operation.Id, FailoverOutcome.Succeeded, message);
        return Report(operation, request, FailoverOutcome.Succeeded, events, message, await DescribeSystemAsync(context, cancellationToken), next, startedAt);
    }

    private async Task<FailoverReport> FailAsync(FailoverContext context, List<StepEvent> events, StepEvent failed, string? stepNext, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        var operation = context.Operation;
        var next = stepNext ?? NextSteps(context, failed);
        if (context.SourceFenced)
        {
            var undo = await rollback.RestoreSourceAsync(context, cancellationToken);
            await AuditAsync(new OperationRolledBack(context.Request.RequestedBy, Subject(operation), undo.Succeeded, Detail(context.Request, undo.Detail)), cancellationToken);
            next = undo.Succeeded
                ? $"Rolled back: {undo.Detail}. Fix the cause above, then request the {context.Kind.ToString().ToLowerInvariant()} again."
                : $"ROLLBACK FAILED: {undo.Detail}. Mail may be down: raise the VIP by hand on one node only (see the runbook).";
        }

        var message = $"{operation.Kind} stopped at '{failed.Title}': {failed.Detail}";
        await operations.FinishAsync(operation.Id, FailoverOutcome.Failed, message, cancellationToken);
        await AuditAsync(new OperationEnded(context.Request.RequestedBy, Subject(operation), Succeeded: false, Detail(context.Request, message)), cancellationToken);
        FailoverLog.Finished(logger, operation.Id, FailoverOutcome.Failed, message);
        return Report(operation, context.Request, FailoverOutcome.Failed, events, message, await DescribeSystemAsync(context, cancellationToken), next, startedAt);
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
        // A source found dead at approval is not asked again: its earlier failure stands for its view.
        var sourceDown = await context.Facts.SourceDownAsync();
        var listings = context.Service.Nodes
            .Select(n => n == context.Source.NodeName && sourceDown is not null ? Task.FromResult(sourceDown) : vip.ListInterfacesAsync(n, cancellationToken))
            .ToList();
        var report = await vip.LocateAsync(context.Service, listings, cancellationToken);
        var state = await roles.GetAsync(context.Service, cancellationToken);
        var mirror = state.MirrorPaused ? "mirror PAUSED: the standby is not being kept up to date" : $"mirror {state.Active} → {state.Standby} active";
        return $"{report.Summary}. Roles {state.Describe()}; {mirror}.";
    }

    /// <summary>Whether the operation's target has room, given where every service runs or is being moved to (<paramref name="placed"/>); null: it has.</summary>
    private string? Reservation(FailoverRequest request, OperationRecord operation, IReadOnlyDictionary<ServiceName, NodeName> placed) =>
        Placement.Place(topology, request.Service.Name, placed.Where(p => p.Key != request.Service.Name).Append(new(request.Service.Name, operation.Source)).ToDictionary(),
                new HashSet<NodeName> { operation.Target }, operation.Target, request.Overrides.OverCapacity) is OverCapacity over
            ? over.Reason
            : null;

    private FailoverReport Refused(FailoverRequest request, RoleState current, DateTimeOffset startedAt, string message)
    {
        FailoverLog.Refused(logger, request.Kind, request.RequestedBy, message);
        return new FailoverReport("", request.Service.Name, request.Kind, current.Active, current.Standby, FailoverOutcome.Refused, [], message, "unchanged", "Nothing was changed.", request.RequestedBy, request.ApprovedBy, startedAt, time.GetUtcNow());
    }

    private FailoverReport Report(OperationRecord operation, FailoverRequest request, FailoverOutcome outcome, IReadOnlyList<StepEvent> events, string message, string system, string next, DateTimeOffset startedAt) =>
        new(operation.Id, operation.Service, operation.Kind, operation.Source, operation.Target, outcome, events, message, system, next, request.RequestedBy, request.ApprovedBy, startedAt, time.GetUtcNow());

    private Task<AuditEntry> AuditAsync(AuditEvent auditEvent, CancellationToken cancellationToken) => audit.AppendAsync(auditEvent, cancellationToken);

    private static string Subject(OperationRecord operation) => $"{operation.Kind.ToString().ToLowerInvariant()} {operation.Id}";

    private static string Detail(FailoverRequest request, string detail) => $"requested by {request.RequestedBy}, approved by {request.ApprovedBy}; {detail}";

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
            FailoverLog.ProgressFailed(logger, stepEvent.OperationId, e);
        }
    }

    private string NewId(OperationKind kind) =>
        $"{kind.ToString().ToLowerInvariant()}-{time.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..4]}";
}
