using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Failover;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail evacuate|restore NODE --dry-run</c>: what would move where, and the capacity check. Changes nothing.</summary>
public sealed record NodeMoveDryRunRequest(NodeMoveRequest Asked) : OperatorRequest
{
    public override string Subject => $"{(Asked.Kind == OperationKind.Failback ? "restore" : "evacuate")} {Asked.Subject}";
}

public sealed class NodeMoveDryRunUseCase(MailTopology topology, RoleStore roles) : UseCase<NodeMoveDryRunRequest>
{
    public override CommandSyntax Syntax { get; } = new([], "/mail evacuate|restore NODE [--accept-over-capacity] --dry-run   what would move where; changes nothing", "node-dry-run");

    public override PersonRole? Role => PersonRole.Read;

    public override ChatWork Work => ChatWork.Reads;

    public override Parsed Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        OperationKind? kind = arguments.Count == 0 ? null
            : arguments[0].Equals("evacuate", StringComparison.OrdinalIgnoreCase) ? OperationKind.Switchover
            : arguments[0].Equals("restore", StringComparison.OrdinalIgnoreCase) ? OperationKind.Failback
            : null;
        if (kind is null || !arguments.Skip(1).Any(a => a.Equals(DryRunUseCase.Flag, StringComparison.OrdinalIgnoreCase)))
        {
            return Parsed.NotThis;
        }

        return NodeMoveUseCase.ParseArguments([.. arguments.Skip(1).Where(a => !a.Equals(DryRunUseCase.Flag, StringComparison.OrdinalIgnoreCase))], kind.Value, topology) switch
        {
            Request { Value: NodeMoveRequest asked } => new Request(new NodeMoveDryRunRequest(asked)),
            var invalid => invalid,
        };
    }

    public override async Task<ChatReply> HandleAsync(NodeMoveDryRunRequest request, UseCaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = await NodeMoveUseCase.PlanAsync(topology, roles, request.Asked, cancellationToken);
        return new ChatReply(
            new ChatMessage(
                $"Dry run: {plan.Verb} {plan.Node}" + (plan.Refusal is null ? "" : " (would be refused)"),
                [.. plan.Refusal is null ? Array.Empty<ChatSection>() : [new ChatSection($"Would be refused: {plan.Refusal.Describe()}")], .. NodeMoveUseCase.PlanSections(topology, plan)],
                []),
            ReplyOutcome.Answered,
            Result: new ReplyResult.NodeMovesPreviewed(plan));
    }
}
