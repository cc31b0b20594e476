using System.Text.RegularExpressions;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Failover;
using MailHa.Operations.Journal;
using MailHa.Operations.Topology;

namespace MailHa.Bot.UseCases;

/// <summary>Resume one interrupted operation, named by its id (the Resume button of its alert carries it).</summary>
public sealed record ResumeRequest(string OperationId) : OperatorRequest
{
    public override string Subject => OperationId;
}

/// <summary>
/// <c>/mail resume &lt;operation&gt;</c>: continue an operation whose process died (an interrupted switchover may have
/// left mail down). Never automatic: a second person approves what remains, as the plan looks now; the run re-checks,
/// skips the steps already done and continues. Refused once the operation is no longer interrupted (finished,
/// resumed, or running again on an instance).
/// </summary>
public sealed partial class ResumeUseCase(FailoverEngine engine, OperationJournal operations, OperationLock operationLock, MailTopology topology) : ApprovedUseCase<ResumeRequest>
{
    public override CommandSyntax Syntax { get; } = new(["resume"], "/mail resume <operation>          continue an interrupted operation (approved by another person)");

    public override Parsed Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments switch
        {
            [var id] => Named(id),
            _ => Parsed.Error(new WrongArguments("resume", ExpectedArguments.OperationId)),
        };
    }

    /// <summary>The Resume button of an interrupted operation's alert.</summary>
    public override Parsed Accept(CardAction action) => action is CardAction.ResumeOperation resume ? Named(resume.OperationId) : Parsed.NotThis;

    private static Parsed Named(string id) => OperationId().IsMatch(id)
        ? new Request(new ResumeRequest(id))
        : Parsed.Error(new NotAnOperationId(InputBounds.Truncate(id)));

    public override async Task<ApprovalPreview> PreviewAsync(ResumeRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await InterruptedAsync(request, cancellationToken) is not { } interrupted)
        {
            return new ApprovalPreview($"Resume {request.OperationId}", new NotInterrupted(request.OperationId), "", []);
        }

        if (!topology.TryGetService(interrupted.Service, out var service))
        {
            return new ApprovalPreview($"Resume {request.OperationId}", new InterruptedServiceGone(request.OperationId, interrupted.Service), "", []);
        }

        var plan = await engine.PlanAsync(new FailoverRequest(service, interrupted.Kind, "", "", FailoverOverrides.None), cancellationToken);
        return new ApprovalPreview(
            $"Resume the interrupted {interrupted.Kind.ToString().ToLowerInvariant()} {interrupted.Id} ({interrupted.Source} → {interrupted.Target})",
            plan.Refusal is { } refusal ? new OperationRefused(refusal) : null,
            plan.Fingerprint,
            [
                new($"It was requested by {interrupted.RequestedBy} and approved by {interrupted.ApprovedBy}; last completed step: {interrupted.LastCompletedStep ?? "none"}; it left {interrupted.StateLeft}. The steps already done are skipped."),
                .. VipOperationUseCase.PlanSections(plan),
            ],
            plan.Target.Value);
    }

    public override async Task<ApprovedOutcome> RunAsync(ResumeRequest request, ApprovedRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await InterruptedAsync(request, cancellationToken) is not { } interrupted)
        {
            var gone = $"{request.OperationId} is no longer interrupted: nothing was run.";
            return new ApprovedOutcome(false, gone, ChatMessage.Text($"Resume {request.OperationId}: not run", gone));
        }

        if (!topology.TryGetService(interrupted.Service, out var service))
        {
            var gone = $"{request.OperationId} moved service {interrupted.Service}, which is no longer configured: nothing was run.";
            return new ApprovedOutcome(false, gone, ChatMessage.Text($"Resume {request.OperationId}: not run", gone));
        }

        return await VipOperationUseCase.RunAsync(engine, service, new VipOperationRequest(interrupted.Kind, FailoverOverrides.None, service.Name), run, cancellationToken);
    }

    /// <summary>The operation, if it is the interrupted one (the one definition status and the alert use too).</summary>
    private async Task<InterruptedOperation?> InterruptedAsync(ResumeRequest request, CancellationToken cancellationToken) =>
        (await InterruptedOperation.FindAllAsync(operations, await operationLock.GetAllAsync(cancellationToken), null, cancellationToken))
            .FirstOrDefault(interrupted => interrupted.Id == request.OperationId);

    [GeneratedRegex("^(failover|switchover|failback)-[0-9]{8}-[0-9]{6}-[0-9a-f]{4}$")]
    private static partial Regex OperationId();
}
