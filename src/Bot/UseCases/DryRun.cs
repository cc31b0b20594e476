using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Failover;
using MailHa.Operations.Topology;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail failover|switchover|failback --dry-run</c>: the plan, the commands per node and what the checks find now. Changes nothing.</summary>
public sealed record DryRunRequest(OperationKind Kind, ServiceName? Service = null, NodeName? To = null, FailoverOverrides? Overrides = null) : OperatorRequest
{
    public override string Subject => Service is { } service ? $"{Kind.ToString().ToLowerInvariant()} {service}" : Kind.ToString().ToLowerInvariant();
}

public sealed class DryRunUseCase(FailoverEngine engine, MailTopology topology) : UseCase<DryRunRequest>
{
    public const string Flag = "--dry-run";

    public override CommandSyntax Syntax { get; } = new([], "/mail failover|switchover|failback [SERVICE] [--to NODE] [--accept-over-capacity] --dry-run   the plan and what the checks find now; changes nothing", "dry-run");

    public override PersonRole? Role => PersonRole.Read;

    public override ChatWork Work => ChatWork.Reads;

    public override Parsed Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Count == 0 || !arguments.Skip(1).Any(a => a.Equals(Flag, StringComparison.OrdinalIgnoreCase))
            || VipOperationUseCase.KindNamed(arguments[0]) is not { } kind)
        {
            return Parsed.NotThis;
        }

        return VipOperationUseCase.ParseArguments(arguments.Skip(1).Where(a => !a.Equals(Flag, StringComparison.OrdinalIgnoreCase)).ToList(), kind, topology) switch
        {
            // Of the overrides only the capacity one changes the plan (where the service goes); the others apply to a run.
            Request { Value: VipOperationRequest asked } => new Request(new DryRunRequest(kind, asked.Service, asked.To, asked.Overrides.OverCapacity ? new FailoverOverrides(OverCapacity: true) : null)),
            var invalid => invalid,
        };
    }

    public override async Task<ChatReply> HandleAsync(DryRunRequest request, UseCaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (service, failure) = ServiceArgument.Resolve(topology, request.Service);
        if (service is null)
        {
            return ChatReply.Refused("Dry run", failure!.Describe(), failure.Describe());
        }

        var plan = await engine.PlanAsync(new FailoverRequest(service, request.Kind, "", "", request.Overrides ?? FailoverOverrides.None, request.To), cancellationToken);
        return new ChatReply(new ChatMessage(
            $"Dry run: {plan.Headline}" + (plan.Refusal is null ? "" : " (would be refused)"),
            [
                .. plan.Refusal is null ? Array.Empty<ChatSection>() : [new ChatSection($"Would be refused: {plan.Refusal.Describe()}")],
                .. VipOperationUseCase.PlanSections(plan),
            ],
            []),
            ReplyOutcome.Answered,
            Result: new ReplyResult.Planned(plan));
    }
}
