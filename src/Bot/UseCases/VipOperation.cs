using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Failover;
using MailHa.Operations.Liveness;
using MailHa.Operations.Topology;

namespace MailHa.Bot.UseCases;

/// <summary>
/// A move of a service's VIP (failover, switchover, failback) with the checks the asker accepts to override, and the
/// node asked for (<paramref name="To"/>). <paramref name="Service"/> is null only in a request kept from before services
/// were named: it is the only service's.
/// </summary>
public sealed record VipOperationRequest(OperationKind Kind, FailoverOverrides Overrides, ServiceName? Service = null, NodeName? To = null) : OperatorRequest
{
    public override string Subject => string.Join("; ", new[]
    {
        Service is { } service ? service.Value : "",
        To is { } to ? $"to {to}" : "",
        Overrides == FailoverOverrides.None ? "" : $"accepting {Overrides}",
    }.Where(p => p.Length > 0));
}

/// <summary>
/// What the three VIP operations share: the engine's plan as the preview (its fingerprint is what gets approved),
/// and the approved run posting ONE progress message in the requesting conversation, edited step by step, whose
/// final text names who requested and who approved.
/// </summary>
public abstract class VipOperationUseCase(FailoverEngine engine, MailTopology topology, OperationKind kind) : ApprovedUseCase<VipOperationRequest>
{
    /// <summary>The usage after the verb, for every VIP operation.</summary>
    protected const string Arguments = "[SERVICE] [--to NODE] [--accept-over-capacity]";

    protected MailTopology Topology => topology;

    public static OperationKind? KindNamed(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        return Enum.GetValues<OperationKind>().Select(k => (OperationKind?)k)
            .FirstOrDefault(k => k.ToString()!.Equals(word.TrimStart('/'), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// The arguments of a VIP operation (<c>[SERVICE] [--to NODE] [--accept-over-capacity]</c> and the override flags),
    /// or an error naming the unknown flag, the unknown service or node, or the services to choose from.
    /// </summary>
    public static Parsed ParseArguments(IReadOnlyList<string> arguments, OperationKind kind, MailTopology topology)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(topology);
        var verb = kind.ToString().ToLowerInvariant();
        bool primaryDown = false, syncFailure = false, brokenReplication = false, overCapacity = false;
        string? named = null;
        NodeName? to = null;
        for (var i = 0; i < arguments.Count; i++)
        {
            var flag = arguments[i];
            if (!flag.StartsWith("--", StringComparison.Ordinal))
            {
                if (named is not null)
                {
                    return Parsed.Error(new TwoServicesNamed(verb, InputBounds.Truncate(named), InputBounds.Truncate(flag)));
                }

                named = flag;
                continue;
            }

            switch (flag.ToLowerInvariant())
            {
                case "--to" when i + 1 < arguments.Count && !arguments[i + 1].StartsWith("--", StringComparison.Ordinal):
                    var node = arguments[++i];
                    if (!topology.Nodes.Any(n => n.Name.Equals(node, StringComparison.OrdinalIgnoreCase)))
                    {
                        return Parsed.Error(new UnknownNode("--to", InputBounds.Truncate(node), [.. topology.Nodes.Select(n => n.Name)]));
                    }

                    to = new NodeName(node);
                    break;
                case "--to":
                    return Parsed.Error(new NodeNameMissing(verb, "--to", Arguments));
                case "--accept-over-capacity":
                    overCapacity = true;
                    break;
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
                    return Parsed.Error(new UnknownOption(verb, InputBounds.Truncate(flag)));
            }
        }

        var (service, error) = ServiceArgument.Parse(topology, named, verb);
        return error is not null
            ? Parsed.Error(error)
            : new Request(new VipOperationRequest(kind, new FailoverOverrides(primaryDown, syncFailure, brokenReplication, overCapacity), service, to));
    }

    public override Parsed Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.Any(a => a.Equals(DryRunUseCase.Flag, StringComparison.OrdinalIgnoreCase)) ? Parsed.NotThis : ParseArguments(arguments, kind, topology);
    }

    /// <summary>The engine's request for <paramref name="request"/> on <paramref name="service"/>, in the names of who asked and approved.</summary>
    public static FailoverRequest ToFailoverRequest(ServiceDefinition service, VipOperationRequest request, string requestedBy, string approvedBy)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new FailoverRequest(service, request.Kind, requestedBy, approvedBy, request.Overrides, request.To);
    }

    public override Task<ApprovalPreview> PreviewAsync(VipOperationRequest request, CancellationToken cancellationToken) =>
        PreviewAsync(request, [], cancellationToken);

    /// <summary>The preview, its plan taking what <paramref name="known"/> found instead of asking again (<see cref="FailoverEngine.PlanAsync(FailoverRequest, IReadOnlyCollection{WatchFinding}, CancellationToken)"/>).</summary>
    protected async Task<ApprovalPreview> PreviewAsync(VipOperationRequest request, IReadOnlyCollection<WatchFinding> known, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (service, failure) = ServiceArgument.Resolve(topology, request.Service);
        if (service is null)
        {
            return new ApprovalPreview($"{request.Kind}", new ServiceUnavailable(failure!), "", [new(failure!.Describe())]);
        }

        var plan = await engine.PlanAsync(ToFailoverRequest(service, request, "", ""), known, cancellationToken);
        List<ChatSection> sections = [.. PlanSections(plan)];
        if (request.Overrides != FailoverOverrides.None)
        {
            sections.Insert(0, new ChatSection($"Approving also accepts: {request.Overrides}."));
        }

        return new ApprovalPreview(plan.Headline, plan.Refusal is { } refusal ? new OperationRefused(refusal) : null, plan.Fingerprint, sections, plan.Target.Value);
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

    public override async Task<ApprovedOutcome> RunAsync(VipOperationRequest request, ApprovedRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (service, failure) = ServiceArgument.Resolve(topology, request.Service);
        return service is null
            ? new ApprovedOutcome(false, failure!.Describe(), ChatMessage.Text($"{request.Kind}: not run", failure.Describe()))
            : await RunAsync(engine, service, request, run, cancellationToken);
    }

    /// <summary>Runs the operation on <paramref name="service"/> (or resumes its interrupted one of this kind), reporting in one progress message.</summary>
    public static async Task<ApprovedOutcome> RunAsync(FailoverEngine engine, ServiceDefinition service, VipOperationRequest request, ApprovedRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(run);
        var steps = new SortedDictionary<int, StepEvent>();
        var title = $"{run.Title}: running";
        var header = $"Requested by {run.RequesterName}, approved by {run.ApproverNames} ({run.RequestId}).";
        var progress = await run.Origin.PostAsync(Render(title, header, steps.Values), cancellationToken);
        var report = await engine.RunAsync(
            ToFailoverRequest(service, request, run.RequesterName, run.ApproverNames),
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
            new ChatSection(report.Describe()),
            new ChatSection($"Now: {FailoverReportText.Now(report)}"),
            new ChatSection($"Next: {FailoverReportText.Next(report.NextSteps)}"));
        return new ApprovedOutcome(report.Outcome == FailoverOutcome.Succeeded, report.Describe(), final, progress, new ReplyResult.Operated(report));
    }

    private static ChatMessage Render(string title, string header, IEnumerable<StepEvent> steps, params ChatSection[] tail) =>
        new(title, [new(header), new(string.Join('\n', steps.Select(FailoverReportText.Line))), .. tail], []);
}
