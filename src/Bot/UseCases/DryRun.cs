using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Failover;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail failover|switchover|failback --dry-run</c>: the plan, the commands per node and what the checks find now. Changes nothing.</summary>
public sealed record DryRunRequest(OperationKind Kind) : OperatorRequest
{
    public override string Subject => Kind.ToString().ToLowerInvariant();
}

public sealed class DryRunUseCase(FailoverEngine engine) : UseCase<DryRunRequest>
{
    public const string Flag = "--dry-run";

    public override CommandSyntax Syntax { get; } = new([], "/mail failover|switchover|failback --dry-run   the plan and what the checks find now; changes nothing", "dry-run");

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

        return VipOperationUseCase.ParseOverrides(arguments.Skip(1).Where(a => !a.Equals(Flag, StringComparison.OrdinalIgnoreCase)).ToList(), kind) switch
        {
            Invalid invalid => invalid,
            _ => new Request(new DryRunRequest(kind)),
        };
    }

    public override async Task<ChatReply> HandleAsync(DryRunRequest request, UseCaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = await engine.PlanAsync(request.Kind, cancellationToken);
        return new ChatReply(new ChatMessage(
            $"Dry run: {plan.Headline}" + (plan.Refusal is null ? "" : " (would be refused)"),
            [
                .. plan.Refusal is null ? Array.Empty<ChatSection>() : [new ChatSection($"Would be refused: {plan.Refusal}")],
                .. VipOperationUseCase.PlanSections(plan),
            ],
            []),
            ReplyOutcome.Answered,
            Result: new ReplyResult.Planned(plan));
    }
}
