using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Failover;

/// <summary>
/// 3. One last mirror run from the fenced node, so mail received since the last run is not lost.
/// Skipped when the old primary is down and its rsync module cannot be reached; a failed run stops
/// the plan unless the approver accepted it.
/// </summary>
public sealed class FinalSyncStep(MirrorRunner mirror, MirrorHistory history, IOptions<MirrorOptions> options, IOptions<TopologyOptions> topology) : FailoverStep
{
    public override int Order => 3;

    public override string Name => "final-sync";

    public override string Title => "Final msgstore sync";

    public override string Rule => "stops when the last mirror run fails, unless the approver accepted a final-sync failure";

    public override IReadOnlyList<PlannedCommand> Commands(FailoverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var script = MirrorScript.Build(options.Value, context.Source, context.Target, topology.Value.Vip, context.Operation.StartGeneration, options.Value.RunTimeout);
        return [new(context.Target.NodeName, script.Name, script.Text)];
    }

    public override async Task<StepResult> ExecuteAsync(FailoverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var sourceDown = context.SourceReachable == false;
        var run = await mirror.RunAsync(
            new MirrorRequest($"{context.Kind.ToString().ToLowerInvariant()}:{context.Operation.Id}", context.Operation.Id, OverridePause: true, AllowUncountedSource: sourceDown),
            cancellationToken);
        if (run.IsGood)
        {
            return new StepDone(run.Describe());
        }

        if (sourceDown && run.Outcome is MirrorFailure)
        {
            var lastGood = await history.LastGoodAsync(cancellationToken);
            var since = lastGood is null ? "the mirror never succeeded" : $"mail received on {context.Source.Name} after {lastGood.StartedAt:yyyy-MM-dd HH:mm:ss}Z (the last good run) is not on {context.Target.Name}";
            return new StepDone($"{context.Source.Name} is down and its rsync module cannot be reached ({run.Message}): skipped; {since}");
        }

        if (context.Request.Overrides.FinalSyncFailure)
        {
            return new StepDone($"FAILED but accepted by {context.Request.ApprovedBy}: {run.Describe()}");
        }

        return new StepFailed($"the final sync {context.Source.Name} → {context.Target.Name} did not succeed: {run.Describe()}");
    }
}
