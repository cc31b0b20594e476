using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Failover;

namespace MailHa.Bot.UseCases;

/// <summary>A move of the VIP (failover, switchover, failback) with the checks the asker accepts to override.</summary>
public sealed record VipOperationRequest(OperationKind Kind, FailoverOverrides Overrides) : OperatorRequest
{
    public override string Subject => Overrides == FailoverOverrides.None ? "" : $"accepting {Overrides}";
}

/// <summary>
/// What the three VIP operations share: the engine's plan as the preview (its fingerprint is what gets approved),
/// and the approved run posting ONE progress message in the requesting conversation, edited step by step, whose
/// final text names who requested and who approved.
/// </summary>
public abstract class VipOperationUseCase(FailoverEngine engine, OperationKind kind) : ApprovedUseCase<VipOperationRequest>
{
    public static OperationKind? KindNamed(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return Enum.GetValues<OperationKind>().Select(k => (OperationKind?)k)
            .FirstOrDefault(k => k.ToString()!.Equals(word.TrimStart('/'), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The override flags of a VIP operation, or an error naming the unknown one.</summary>
    public static Parsed ParseOverrides(IReadOnlyList<string> flags, OperationKind kind)
    {
        ArgumentNullException.ThrowIfNull(flags);
        bool primaryDown = false, syncFailure = false, brokenReplication = false;
        foreach (var flag in flags)
        {
            switch (flag.ToLowerInvariant())
            {
                case "--primary-down":
                    primaryDown = true;
                    break;
                case "--accept-sync-failure":
                    syncFailure = true;
                    break;
                case "--accept-broken-replication":
                    brokenReplication = true;
                    break;
                default:
                    return Parsed.Error($"unknown option '{InputBounds.Truncate(flag)}' for {kind.ToString().ToLowerInvariant()}");
            }
        }

        return new Request(new VipOperationRequest(kind, new FailoverOverrides(primaryDown, syncFailure, brokenReplication)));
    }

    public override Parsed Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.Any(a => a.Equals(DryRunUseCase.Flag, StringComparison.OrdinalIgnoreCase)) ? Parsed.NotThis : ParseOverrides(arguments, kind);
    }

    public override async Task<ApprovalPreview> PreviewAsync(VipOperationRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = await engine.PlanAsync(request.Kind, cancellationToken);
        List<ChatSection> sections = [.. PlanSections(plan)];
        if (request.Overrides != FailoverOverrides.None)
        {
            sections.Insert(0, new ChatSection($"Approving also accepts: {request.Overrides}."));
        }

        return new ApprovalPreview(plan.Headline, plan.Refusal, plan.Fingerprint, sections, plan.Target.Value);
    }

    /// <summary>
    /// What an approver reads first: what will happen, step by step, and what the checks find now; the exact commands
    /// per node (what runs, covered by the fingerprint) one click away behind "Show commands".
    /// </summary>
    public static IReadOnlyList<ChatSection> PlanSections(FailoverPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return
        [
            new("What will happen:\n" + PlanText.Steps(plan, withCommands: false), Monospace: true),
            new("What the checks find now:\n" + string.Join('\n', plan.Findings), Monospace: true),
            new($"The exact commands per node (plan fingerprint {plan.Fingerprint}):\n" + PlanText.Steps(plan), Monospace: true, Behind: ShowCommands),
        ];
    }

    /// <summary>The label of the expansion that holds the commands.</summary>
    public const string ShowCommands = "Show commands";

    public override Task<ApprovedOutcome> RunAsync(VipOperationRequest request, ApprovedRun run, CancellationToken cancellationToken) =>
        RunAsync(engine, request, run, cancellationToken);

    /// <summary>Runs the operation (or resumes the interrupted one of its kind), reporting in one progress message.</summary>
    public static async Task<ApprovedOutcome> RunAsync(FailoverEngine engine, VipOperationRequest request, ApprovedRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(run);
        var steps = new SortedDictionary<int, StepEvent>();
        var title = $"{run.Title}: running";
        var header = $"Requested by {run.RequesterName}, approved by {run.ApproverNames} ({run.RequestId}).";
        var progress = await run.Origin.PostAsync(Render(title, header, steps.Values), cancellationToken);
        var report = await engine.RunAsync(
            new FailoverRequest(request.Kind, run.RequesterName, run.ApproverNames, request.Overrides),
            async (step, ct) =>
            {
                steps[step.Index] = step;
                await run.Origin.UpdateAsync(progress, Render(title, header, steps.Values), ct);
            },
            cancellationToken);

        var final = Render(
            $"{run.Title}: {report.Outcome.ToString().ToUpperInvariant()}",
            header,
            report.Steps,
            new ChatSection(report.Message),
            new ChatSection($"Now: {report.SystemState}"),
            new ChatSection($"Next: {report.NextSteps}"));
        return new ApprovedOutcome(report.Outcome == FailoverOutcome.Succeeded, report.Message, final, progress, new ReplyResult.Operated(report));
    }

    private static ChatMessage Render(string title, string header, IEnumerable<StepEvent> steps, params ChatSection[] tail) =>
        new(title, [new(header), new(string.Join('\n', steps.Select(PlanText.Line))), .. tail], []);
}
