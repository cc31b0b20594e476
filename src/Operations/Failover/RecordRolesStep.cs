using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>
/// 8. Record the new roles with a new generation, in the journal and on every reachable node: the target active, and as
/// standby the next node of the service's list after it that answers (the old active, unless it is down and another
/// node is left: <see cref="ServiceDefinition.StandbyFor(NodeName, IReadOnlySet{NodeName})"/>). The mirror stays
/// paused until an operator sets the new direction (new active → that standby), so the old primary's stale store is
/// never pulled over the live one, even by a job on a node that missed the change.
/// </summary>
public sealed class RecordRolesStep(RoleStore roles, NodeStateFiles stateFiles, NodesFoundDown foundDown) : FailoverStep
{
    public override int Order => 8;

    public override string Name => "record-roles";

    public override string Title => "Record the new roles";

    public override string Rule => "always runs last; nodes that cannot be reached keep their old state file and are named";

    public override IReadOnlyList<PlannedCommand> Commands(FailoverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var standby = Standby(context, context.SourceFoundDown is not null);
        var text = $"generation={context.Operation.StartGeneration + 1} active={context.Target.Name} standby={standby} paused=1";
        return [.. Nodes(context, standby).Select(node => new PlannedCommand(node, "write-state-file", text))];
    }

    public override async Task<StepResult> ExecuteAsync(FailoverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sourceDown = await context.Facts.SourceDownAsync();
        var current = await roles.GetAsync(context.Service, cancellationToken);
        var state = current.Active == context.Target.NodeName && current.Generation > context.Operation.StartGeneration
            ? current
            : await roles.ChangeAsync(
                context.Service,
                context.Operation.StartGeneration,
                context.Target.NodeName,
                Standby(context, sourceDown is not null),
                mirrorPaused: true,
                $"{context.Request.RequestedBy} (approved by {context.Request.ApprovedBy})",
                $"{context.Kind.ToString().ToLowerInvariant()} {context.Operation.Id}",
                cancellationToken);
        if (state is null)
        {
            return new RolesChangedMeanwhile(context.Operation.StartGeneration, current);
        }

        // Every node at once (the target, the old active and a new standby beyond them); a source found dead at approval
        // is not waited on again.
        var writes = Nodes(context, state.Standby)
            .Select(async node => node == context.Source.NodeName && sourceDown is not null
                ? new MissedStateFile(node, sourceDown, NotTried: true)
                : await stateFiles.WriteAsync(node, context.Service, state, cancellationToken) is { Succeeded: false } failed ? new MissedStateFile(node, failed, NotTried: false) : null);
        return new RolesRecorded(state, [.. (await Task.WhenAll(writes)).OfType<MissedStateFile>()]);
    }

    /// <summary>The standby after the move: the next node after the target that answers (the source counts as down when it was found so).</summary>
    private NodeName Standby(FailoverContext context, bool sourceDown)
    {
        var down = context.Service.Nodes.Where(n => n != context.Source.NodeName && foundDown.Find(n) is not null).ToHashSet();
        if (sourceDown)
        {
            down.Add(context.Source.NodeName);
        }

        return context.Service.StandbyFor(context.Target.NodeName, down);
    }

    private static IEnumerable<NodeName> Nodes(FailoverContext context, NodeName standby) =>
        new[] { context.Target.NodeName, context.Source.NodeName, standby }.Distinct();
}
