using MailHa.Operations.Mirror;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Failover;

/// <summary>
/// 4. One last mirror run from the fenced node, so mail received since the last run is not lost.
/// Skipped without any rsync when the old primary was found down at approval (no SSH, no rsync daemon);
/// a failed run stops the plan unless the approver accepted it. An earlier pull still running into the target (left
/// by a MailHa that died mid-run) is stopped first: this operation holds the only operation lease, so no live run
/// owns it; one that cannot be stopped stops the plan, accepted or not. A planned move's catch-up run went first, and
/// the fenced source's MTA stored what it had accepted (<see cref="DrainMailStep"/>) before this run starts.
/// </summary>
public sealed class FinalSyncStep(MirrorRunner mirror, MirrorHistory history, IOptions<SshOptions> ssh) : FailoverStep
{
    public override int Order => 4;

    public override string Name => "final-sync";

    public override string Title => "Final msgstore sync";

    public override string Rule => "stops when the last mirror run fails, unless the approver accepted a final-sync failure; an earlier pull still writing into the target's store is stopped first, and stops the step only if it cannot be";

    public override IReadOnlyList<PlannedCommand> Commands(FailoverContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var script = MirrorScript.Build(context.Service.Mirror, context.Source, context.Target, context.Vip, context.Operation.StartGeneration, context.Service.Mirror.RunTimeout, ssh.Value.ConnectTimeout, EarlierPull.Stop);
        return [new(context.Target.NodeName, script.Name, script.Text)];
    }

    public override async Task<StepResult> ExecuteAsync(FailoverContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.CatchUp is { } catchUp)
        {
            // One mirror run at a time: the catch-up (normally finished before the fence) goes first.
            await catchUp;
        }

        var down = await context.Facts.SourceDownAsync();
        if (down is not null && await context.Facts.RsyncDaemon is { Succeeded: false } daemon)
        {
            // Asked at approval: no SSH and no rsync daemon. A pull from a dead node cannot succeed; none is tried.
            return new SyncSkippedSourceDown(context.Source.NodeName, context.Target.NodeName, down, daemon, null, await LastGoodAsync(context, cancellationToken));
        }

        var run = await mirror.RunAsync(Request(context, sourceDown: down is not null), cancellationToken);
        if (run.IsGood)
        {
            return new Synced(run);
        }

        if (run.Outcome is PullStillRunning running)
        {
            // Never accepted as a final-sync failure: the VIP raised on the target would make its store the live one
            // while a pull from the old active node still writes into it, deleting there (--delete) mail it lacks.
            return new SyncRefusedPullRunning(context.Source.NodeName, context.Target.NodeName, running);
        }

        if (down is not null && run.Outcome is MirrorFailure)
        {
            return new SyncSkippedSourceDown(context.Source.NodeName, context.Target.NodeName, down, null, run, await LastGoodAsync(context, cancellationToken));
        }

        if (context.Request.Overrides.FinalSyncFailure)
        {
            return new SyncFailureAccepted(run, context.Request.ApprovedBy);
        }

        return new SyncFailed(context.Source.NodeName, context.Target.NodeName, run);
    }

    /// <summary>The final sync's mirror request: into the operation's target, wherever it is in the service's list.</summary>
    public static MirrorRequest Request(FailoverContext context, bool sourceDown)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new MirrorRequest(context.Service, $"{context.Kind.ToString().ToLowerInvariant()}:{context.Operation.Id}", context.Operation.Id, OverridePause: true, AllowUncountedSource: sourceDown, Target: context.Target.NodeName);
    }

    /// <summary>When the last good run into the operation's target started (null: none ever did).</summary>
    private async Task<DateTimeOffset?> LastGoodAsync(FailoverContext context, CancellationToken cancellationToken) =>
        (await history.LastGoodIntoAsync(context.Service.Name, context.Target.NodeName, cancellationToken))?.StartedAt;
}
