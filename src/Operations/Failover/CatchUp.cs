using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>
/// The catch-up mirror run at approval: for a planned move not yet fenced whose target is more than
/// <see cref="UnlessRunWithin"/> behind, one mirror run into that target (the recorded standby, or a node further down
/// the service's list) while the source still serves mail, so the final sync after the fence has only seconds of mail to carry.
/// </summary>
public sealed class CatchUp(MirrorRunner mirror, MirrorHistory history, MirrorStreams streams, TimeProvider time)
{
    /// <summary>
    /// A catch-up run at approval pays only when the standby is minutes behind. A good run in the same direction that
    /// started this recently (the schedule's, or one a person ran) leaves the final sync about as little to carry as a
    /// catch-up would, so none runs and the fence starts at once; so does a continuous mirror that followed this direction
    /// with a lag under this, measured within it (the stream's last batch replaces the catch-up; the final sync stays).
    /// </summary>
    public static readonly TimeSpan UnlessRunWithin = TimeSpan.FromMinutes(1);

    /// <summary>The catch-up run, started; null when none is needed.</summary>
    public async Task<Task<MirrorRun>?> StartIfBehindAsync(OperationRecord operation, FailoverRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(request);
        return await IsBehindAsync(operation, request, cancellationToken)
            ? mirror.RunAsync(new MirrorRequest(request.Service, $"catch-up:{operation.Id}", operation.Id, OverridePause: true, Target: operation.Target), cancellationToken)
            : null;
    }

    private async Task<bool> IsBehindAsync(OperationRecord operation, FailoverRequest request, CancellationToken cancellationToken)
    {
        if (request.Kind == OperationKind.Failover || operation.DoneSteps.Contains("fence"))
        {
            return false;
        }

        // The service's own continuous mirror followed this direction until the operation's lease stopped it, its lag measured lately and
        // small: the standby is seconds behind, the stream's last batch did the catch-up's work; the final sync carries the rest.
        if (streams.ViewOf(request.Service.Name) is { } followed && followed.Source == operation.Source && followed.Target == operation.Target && followed.Generation == operation.StartGeneration
            && followed.Lag < UnlessRunWithin && time.GetUtcNow() - followed.LagMeasuredAt < UnlessRunWithin)
        {
            return false;
        }

        var last = await history.LastGoodAsync(request.Service.Name, cancellationToken);
        return last is null || last.Source != operation.Source || last.Target != operation.Target || last.Generation != operation.StartGeneration
            || time.GetUtcNow() - last.StartedAt > UnlessRunWithin;
    }
}
