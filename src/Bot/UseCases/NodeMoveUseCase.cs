using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Failover;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;

namespace MailHa.Bot.UseCases;

/// <summary><c>evacuate NODE</c> or <c>restore NODE</c>: every service's move of one node, approved once.</summary>
public sealed record NodeMoveRequest(OperationKind Kind, NodeName Node, bool AcceptOverCapacity = false) : OperatorRequest
{
    public override string Subject => AcceptOverCapacity ? $"{Node}; accepting over capacity" : Node.Value;
}

/// <summary>
/// What evacuate and restore share: the plan of every move on one card (source → target and the capacity check per
/// service; its fingerprint is what gets approved), and the approved run: each service's move is the engine's own run
/// (its own progress message, lease and audit trail), one after another, stopping at the first that does not succeed,
/// and a final report of what moved and what did not.
/// </summary>
public abstract class NodeMoveUseCase(FailoverEngine engine, MailTopology topology, RoleStore roles, OperationKind kind) : ApprovedUseCase<NodeMoveRequest>
{
    /// <summary>The verb the operator types.</summary>
    public string Verb => kind == OperationKind.Failback ? "restore" : "evacuate";

    /// <summary><c>NODE [--accept-over-capacity]</c>, or an error naming the argument.</summary>
    public static Parsed ParseArguments(IReadOnlyList<string> arguments, OperationKind kind, MailTopology topology)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var verb = kind == OperationKind.Failback ? "restore" : "evacuate";
        var accept = arguments.Any(a => a.Equals("--accept-over-capacity", StringComparison.OrdinalIgnoreCase));
        var rest = arguments.Where(a => !a.Equals("--accept-over-capacity", StringComparison.OrdinalIgnoreCase)).ToList();
        if (rest.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal)) is { } flag)
        {
            return Parsed.Error(new UnknownOption(verb, InputBounds.Truncate(flag)));
        }

        if (rest.Count != 1)
        {
            return Parsed.Error(new WrongArguments(verb, ExpectedArguments.OneNode));
        }

        return NodeMoves.NodeNamed(topology, rest[0]) is { } node
            ? new Request(new NodeMoveRequest(kind, node, accept))
            : Parsed.Error(new UnknownNode(verb, InputBounds.Truncate(rest[0]), [.. topology.Nodes.Select(n => n.Name)]));
    }

    public override Parsed Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.Any(a => a.Equals(DryRunUseCase.Flag, StringComparison.OrdinalIgnoreCase)) ? Parsed.NotThis : ParseArguments(arguments, kind, topology);
    }

    /// <summary>The plan of <paramref name="request"/> against the roles recorded now.</summary>
    public static async Task<NodeMovePlan> PlanAsync(MailTopology topology, RoleStore roles, NodeMoveRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(request);
        var states = await roles.GetAllAsync(topology.Services, cancellationToken);
        return NodeMoves.Plan(topology, request.Kind, request.Node, states, request.AcceptOverCapacity);
    }

    /// <summary>The card's sections: each service's move, then the capacity of each node after them.</summary>
    public static IReadOnlyList<ChatSection> PlanSections(MailTopology topology, NodeMovePlan plan)
    {
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(plan);
        var op = plan.Kind.ToString().ToLowerInvariant();
        var moves = plan.Moves.Count == 0 ? "(none)" : string.Join('\n', plan.Moves.Select((m, i) => $"{i + 1}. {op} {m.Describe()}"));
        var targets = plan.Moves.Select(m => m.Target).Distinct()
            .Select(n => $"{n}: capacity {(topology.CapacityOf(n) is { } c ? c.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no limit")}");
        return
        [
            new($"What will happen, one service after another (each is its own {op}, stopping at the first that fails):\n{moves}", Monospace: true),
            new("Capacity checked: " + (plan.Refusal?.Describe() ?? string.Join("; ", targets) + ": room for every move"), Monospace: true),
        ];
    }

    public override async Task<ApprovalPreview> PreviewAsync(NodeMoveRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var plan = await PlanAsync(topology, roles, request, cancellationToken);
        return new ApprovalPreview(Headline(plan), plan.Refusal is { } refusal ? new OperationRefused(refusal) : null, plan.Fingerprint, PlanSections(topology, plan), request.Node.Value);
    }

    public override async Task<ApprovedOutcome> RunAsync(NodeMoveRequest request, ApprovedRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(run);
        var plan = await PlanAsync(topology, roles, request, cancellationToken);
        if (plan.Refusal?.Describe() is { } refusal)
        {
            return new ApprovedOutcome(false, refusal, ChatMessage.Text($"{run.Title}: not run", refusal), Result: new ReplyResult.NodeMoved(new NodeMoveOutcome(plan, [])));
        }

        var reports = new List<FailoverReport>();
        foreach (var move in plan.Moves)
        {
            var service = topology.Service(move.Service);
            var step = new VipOperationRequest(kind, new FailoverOverrides(OverCapacity: move.OverCapacityAccepted), move.Service, kind == OperationKind.Failback ? null : move.Target);
            var outcome = await VipOperationUseCase.RunAsync(engine, service, step, run with { Title = $"{run.Title}: {kind.ToString().ToLowerInvariant()} {move.Service}" }, cancellationToken);
            await outcome.TellAsync(run.Origin, cancellationToken);
            if (outcome.Result is ReplyResult.Operated { Report: var report })
            {
                reports.Add(report);
            }

            if (!outcome.Succeeded)
            {
                break;
            }
        }

        var result = new NodeMoveOutcome(plan, reports);
        return new ApprovedOutcome(result.Succeeded, result.Summary, new ChatMessage($"{run.Title}: {(result.Succeeded ? "DONE" : "STOPPED")}", [new(result.Summary)], []), Result: new ReplyResult.NodeMoved(result));
    }

    private static string Headline(NodeMovePlan plan) =>
        $"{plan.Verb} {plan.Node}: " + (plan.Moves.Count == 0 ? "nothing to move" : string.Join(", ", plan.Moves.Select(m => $"{m.Service} {m.Source} → {m.Target}")));
}
