using System.Globalization;
using MailHa.Operations.Journal;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Mirror;

/// <summary>
/// One mirror run with every guard: never overlapping, direction from the recorded roles (and the
/// nodes' own state files), paused after a failover, refusing an empty or unmounted source, a
/// <c>--max-delete</c> ceiling, a root-only password file. Every run is recorded and observed.
/// </summary>
public sealed class MirrorRunner(
    IRemoteShell shell,
    RoleStore roles,
    NodeStateFiles stateFiles,
    MirrorHistory history,
    OperationLock operationLock,
    IEnumerable<IMirrorObserver> observers,
    MailTopology topology,
    IOptions<SshOptions> ssh,
    TimeProvider time,
    ILogger<MirrorRunner> logger) : IDisposable
{
    /// <summary>The kind of the operation lease a mirror run holds.</summary>
    public const string LeaseKind = "mirror";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string _running = "";

    public Task<MirrorRun> RunAsync(MirrorRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExclusiveAsync(request, record: true, (state, started) => GuardedRunAsync(request, state, started, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// The continuous mirror's batch: just <paramref name="paths"/>, under the same gate, lease and pull guards as a run
    /// (the file-count guard aside: a batch counts nothing). Refused when the roles moved past <paramref name="generation"/>,
    /// the generation the stream started at, or the mirror is paused. Not recorded: the stream reports, and a batch that is
    /// not good is followed by a full run, which is recorded and alerted on.
    /// </summary>
    public Task<MirrorRun> RunBatchAsync(MirrorRequest request, long generation, IReadOnlyCollection<string> paths, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(paths);
        return ExclusiveAsync(request, record: false, (state, started) => BatchAsync(request, state, started, generation, paths, cancellationToken), cancellationToken);
    }

    private async Task<MirrorRun> BatchAsync(MirrorRequest request, RoleState state, DateTimeOffset started, long generation, IReadOnlyCollection<string> paths, CancellationToken cancellationToken)
    {
        if (state.MirrorPaused)
        {
            return Run(request, state, started, new MirrorPaused(state.ChangedAt, state.Reason, state.Active, state.Standby));
        }

        if (state.Generation != generation)
        {
            return Run(request, state, started, new RolesChangedElsewhere(
                $"the roles moved to generation {state.Generation} ({state.Active} active) since the stream started at {generation}: its changes are not pulled"));
        }

        var mirror = topology.OnlyService.Mirror;
        var source = topology.Node(state.Active);
        var target = topology.Node(state.Standby);
        var command = MirrorScript.BuildBatch(mirror, source, target, topology.OnlyService.Vip, state.Generation, paths, mirror.RunTimeout, ssh.Value.ConnectTimeout);
        return await PullAsync(request, state, started, command, cancellationToken);
    }

    private async Task<MirrorRun> ExclusiveAsync(MirrorRequest request, bool record, Func<RoleState, DateTimeOffset, Task<MirrorRun>> body, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var state = await roles.GetAsync(cancellationToken);

        // Never two runs at once: a second trigger is reported, not queued. A run of an operation waits instead: the
        // operation holds the only lease, so the run it waits for cannot take it and ends at once (or it is the same
        // operation's earlier run, which its steps await anyway).
        if (request.OperationId is not null)
        {
            await _gate.WaitAsync(cancellationToken);
        }
        else if (!await _gate.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            return Unrecorded(request, state, started, new AlreadyRunning(_running));
        }

        try
        {
            _running = $"{request.Trigger} since {started:HH:mm:ss}Z";
            var operationId = request.OperationId ?? $"mirror-{Guid.NewGuid():N}";
            if (request.OperationId is null)
            {
                var (acquired, lease) = await operationLock.TryAcquireAsync(operationId, LeaseKind, request.Trigger, cancellationToken);
                if (!acquired)
                {
                    return Unrecorded(request, state, started, new OperationRunning(lease.Describe()));
                }
            }

            try
            {
                // A run can take many minutes: keep the lease this run took alive until it ends.
                await using var renewal = request.OperationId is null ? operationLock.KeepAlive(operationId) : null;
                var run = await body(state, started);
                return record ? await RecordAsync(run, cancellationToken) : run;
            }
            finally
            {
                if (request.OperationId is null)
                {
                    await operationLock.ReleaseAsync(operationId, CancellationToken.None);
                }
            }
        }
        finally
        {
            _running = "";
            _gate.Release();
        }
    }

    private async Task<MirrorRun> GuardedRunAsync(MirrorRequest request, RoleState state, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var mirror = topology.OnlyService.Mirror;
        var source = topology.Node(state.Active);
        var target = topology.Node(state.Standby);
        if (state.MirrorPaused && !request.OverridePause)
        {
            return Run(request, state, started, new MirrorPaused(state.ChangedAt, state.Reason, state.Active, state.Standby));
        }

        if (request.AllowUncountedSource)
        {
            // The caller already found the source unreachable over SSH: do not wait on it again. The
            // target's guards and the sentinel check through rsync itself still apply.
            await RefreshStateFilesAsync(state, [state.Standby], cancellationToken);
            return await PullAsync(request, state, started, Command(request, state, source, target), cancellationToken);
        }

        // Bring lagging node state files up to the journal before trusting them in the guard, and count the
        // source's store, all at once: three round trips on two nodes cost one.
        var refresh = RefreshStateFilesAsync(state, [state.Active, state.Standby], cancellationToken);
        var counting = shell.RunAsync(source.NodeName, MirrorScript.CountSource(mirror), cancellationToken);
        await Task.WhenAll(refresh, counting);
        var count = await counting;

        if (count is Exited { Code: MirrorScript.SentinelMissing })
        {
            return Run(request, state, started, new SentinelMissing(source.NodeName, mirror.SentinelFile, mirror.StorePath));
        }

        if (count is not Exited { Code: 0 } counted || !long.TryParse(counted.StdOut.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var files))
        {
            return Run(request, state, started, new SourceNotCounted(source.NodeName, count.Describe()));
        }

        var lastGood = await history.LastGoodAsync(cancellationToken);
        if (lastGood?.Stats?.RegularFiles is { } before && lastGood.Source == source.NodeName && before > 0
            && files < before * (1 - mirror.MaxFileCountDrop))
        {
            return Run(request, state, started, new FileCountDropped(source.NodeName, files, before, mirror.MaxFileCountDrop));
        }

        return await PullAsync(request, state, started, Command(request, state, source, target), cancellationToken);
    }

    private RemoteCommand Command(MirrorRequest request, RoleState state, NodeOptions source, NodeOptions target)
    {
        var mirror = topology.OnlyService.Mirror;
        // Inside an operation (which holds the only operation lease) an earlier pull belongs to no live run: stop it.
        var earlier = request.OperationId is null ? EarlierPull.Refuse : EarlierPull.Stop;
        return MirrorScript.Build(mirror, source, target, topology.OnlyService.Vip, state.Generation, mirror.RunTimeout, ssh.Value.ConnectTimeout, earlier);
    }

    private async Task<MirrorRun> PullAsync(MirrorRequest request, RoleState state, DateTimeOffset started, RemoteCommand command, CancellationToken cancellationToken)
    {
        var source = topology.Node(state.Active);
        var target = topology.Node(state.Standby);
        MirrorLog.Started(logger, source.Name, target.Name, request.Trigger, state.Generation);
        var outcome = await shell.RunAsync(target.NodeName, command, cancellationToken);
        return outcome switch
        {
            Exited { Code: >= 90 and < 100 } guard => Run(request, state, started, Guarded(guard, source, target)),
            Exited exited => Classified(request, state, started, exited),
            TimedOut timedOut => Run(request, state, started, new MirrorTimedOut(timedOut.Node, timedOut.After)),
            _ => Run(request, state, started, new MirrorNodeUnreachable(outcome.Node, outcome.Describe())),
        };
    }

    private Task RefreshStateFilesAsync(RoleState state, IReadOnlyList<NodeName> nodes, CancellationToken cancellationToken) =>
        Task.WhenAll(nodes.Select(async node =>
        {
            var (record, _) = await stateFiles.ReadAsync(node, cancellationToken);
            if (record is null || record.Generation < state.Generation)
            {
                await stateFiles.WriteAsync(node, state, cancellationToken);
            }
        }));

    private async Task<MirrorRun> RecordAsync(MirrorRun run, CancellationToken cancellationToken)
    {
        var previous = await history.LastAsync(cancellationToken);
        var recorded = await history.RecordAsync(run, cancellationToken);
        MirrorLog.Finished(logger, recorded.Id, recorded.Verdict, recorded.Source.Value, recorded.Target.Value, recorded.Message);
        var completed = new MirrorRunCompleted(recorded, previous);
        foreach (var observer in observers)
        {
            try
            {
                await observer.OnRunCompletedAsync(completed, cancellationToken);
            }
#pragma warning disable CA1031 // An observer's failure (chat down) must never fail the mirror run it reports.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                MirrorLog.ObserverFailed(logger, observer, e);
            }
        }

        return recorded;
    }

    /// <summary>Completes when no run of this process is in progress (at once when none is); runs on other instances are not seen.</summary>
    public async Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        _gate.Release();
    }

    public void Dispose() => _gate.Dispose();

    private MirrorRun Classified(MirrorRequest request, RoleState state, DateTimeOffset started, Exited exited)
    {
        var stats = RsyncStatsParser.Parse(exited.StdOut);
        return Run(request, state, started, RsyncExitClassifier.Classify(exited.Code, exited.StdErr, stats, state.Standby), exited.Code, stats);
    }

    /// <summary>A refusal that is not written to history (overlap, lock held): it is about the trigger, not the mirror.</summary>
    private MirrorRun Unrecorded(MirrorRequest request, RoleState state, DateTimeOffset started, MirrorRefusal refusal)
    {
        MirrorLog.NotStarted(logger, request.Trigger, refusal.Describe());
        return Run(request, state, started, refusal);
    }

    private MirrorRun Run(MirrorRequest request, RoleState state, DateTimeOffset started, MirrorOutcome outcome, int? code = null, RsyncStats? stats = null) =>
        new(0, started, time.GetUtcNow(), request.Trigger, state.Active, state.Standby, state.Generation, outcome, code, stats);

    /// <summary>The pull script's guards exit 90–99; the code says which guard, its line says what it saw.</summary>
    private MirrorRefusal Guarded(Exited guard, NodeOptions source, NodeOptions target)
    {
        var detail = guard.StdErr.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("mailha-guard:", StringComparison.Ordinal))?["mailha-guard:".Length..].Trim()
            ?? guard.StdErr.Trim();
        return guard.Code switch
        {
            MirrorScript.StaleGeneration => new RolesChangedElsewhere(detail),
            MirrorScript.WrongDirection => new WrongDirection(detail),
            MirrorScript.PasswordFileMissing or MirrorScript.PasswordFileUnsafe => new PasswordFileUnsafe(detail),
            MirrorScript.TargetHoldsVip => new TargetHoldsVip(detail),
            MirrorScript.SentinelMissing => new SentinelMissing(source.NodeName, topology.OnlyService.Mirror.SentinelFile, null),
            MirrorScript.PullRunning => new PullStillRunning(target.NodeName, detail),
            _ => new GuardRefused(guard.Code, detail),
        };
    }
}
