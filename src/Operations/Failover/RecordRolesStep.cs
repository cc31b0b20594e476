using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>
/// 7. Record the new roles with a new generation, in the journal and on every reachable node. The
/// mirror stays paused until an operator sets the new direction, so the old primary's stale store is
/// never pulled over the live one, even by a job on a node that missed the change.
/// </summary>
public sealed class RecordRolesStep(RoleStore roles, NodeStateFiles stateFiles) : FailoverStep
{
    public override int Order => 7;

    public override string Name => "record-roles";

    public override string Title => "Record the new roles";

    public override string Rule => "always runs last; nodes that cannot be reached keep their old state file and are named";

    public override IReadOnlyList<PlannedCommand> Commands(FailoverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return
        [
            new(context.Source.NodeName, "write-state-file", $"generation={context.Operation.StartGeneration + 1} active={context.Target.Name} paused=1"),
            new(context.Target.NodeName, "write-state-file", $"generation={context.Operation.StartGeneration + 1} active={context.Target.Name} paused=1"),
        ];
    }

    public override async Task<StepResult> ExecuteAsync(FailoverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var current = await roles.GetAsync(context.Service, cancellationToken);
        var state = current.Active == context.Target.NodeName && current.Generation > context.Operation.StartGeneration
            ? current
            : await roles.ChangeAsync(
                context.Service,
                context.Operation.StartGeneration,
                context.Target.NodeName,
                mirrorPaused: true,
                $"{context.Request.RequestedBy} (approved by {context.Request.ApprovedBy})",
                $"{context.Kind.ToString().ToLowerInvariant()} {context.Operation.Id}",
                cancellationToken);
        if (state is null)
        {
            return new RolesChangedMeanwhile(context.Operation.StartGeneration, current);
        }

        // Both nodes at once; a source found dead at approval is not waited on again.
        var sourceDown = await context.Facts.SourceDownAsync();
        var writes = new[] { context.Target.NodeName, context.Source.NodeName }
            .Select(async node => node == context.Source.NodeName && sourceDown is not null
                ? new MissedStateFile(node, sourceDown, NotTried: true)
                : await stateFiles.WriteAsync(node, context.Service, state, cancellationToken) is { Succeeded: false } failed ? new MissedStateFile(node, failed, NotTried: false) : null);
        return new RolesRecorded(state, [.. (await Task.WhenAll(writes)).OfType<MissedStateFile>()]);
    }
}
