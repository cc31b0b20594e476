using System.Globalization;
using MailHa.Operations.Journal;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Mirror;

/// <summary>
/// One mirror run of one service's store with every guard: never overlapping with another run of that store (runs of
/// different services' stores go on at once, each under its service's lease), direction from the recorded roles (and the
/// nodes' own state files): from the active node into the standby, or into an operation's target when it names one
/// (<see cref="MirrorRequest.Target"/>), paused after a failover, refusing an empty or unmounted source, a
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

    private readonly System.Collections.Concurrent.ConcurrentDictionary<ServiceName, Gate> _gates = new();

    /// <summary>One service's runs in this process: one at a time, and what runs now.</summary>
    private sealed class Gate : IDisposable
    {
        public SemaphoreSlim Slot { get; } = new(1, 1);

        public string Running { get; set; } = "";

        public void Dispose() => Slot.Dispose();
    }

    private Gate GateOf(ServiceName service) => _gates.GetOrAdd(service, _ => new Gate());

    public Task<MirrorRun> RunAsync(MirrorRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Target is { } into && (request.OperationId is null || !request.Service.MayRunOn(into)))
        {
            throw new ArgumentException($"A mirror run may pull into '{into}' only inside an operation and only on a node of {request.Service.Name} ({string.Join(", ", request.Service.Nodes)}).", nameof(request));
        }

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

        var mirror = request.Service.Mirror;
        var source = topology.Node(state.Active);
        var target = topology.Node(TargetOf(request, state));
        var command = MirrorScript.BuildBatch(mirror, source, target, request.Service.Vip, state.Generation, paths, mirror.RunTimeout, ssh.Value.ConnectTimeout);
        return await PullAsync(request, state, started, command, cancellationToken);
    }

    private async Task<MirrorRun> ExclusiveAsync(MirrorRequest request, bool record, Func<RoleState, DateTimeOffset, Task<MirrorRun>> body, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var state = await roles.GetAsync(request.Service, cancellationToken);
        var gate = GateOf(request.Service.Name);

        // Never two runs of one store at once: a second trigger is reported, not queued. A run of an operation waits
        // instead: the operation holds its service's lease, so the run it waits for cannot take it and ends at once (or
        // it is the same operation's earlier run, which its steps await anyway).
        if (request.OperationId is not null)
        {
            await gate.Slot.WaitAsync(cancellationToken);
        }
        else if (!await gate.Slot.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            return Unrecorded(request, state, started, new AlreadyRunning(gate.Running));
        }

        try
        {
            gate.Running = $"{request.Trigger} since {started:HH:mm:ss}Z";
            var operationId = request.OperationId ?? $"mirror-{Guid.NewGuid():N}";
            if (request.OperationId is null)
            {
                var (acquired, lease) = await operationLock.TryAcquireAsync(request.Service.Name, operationId, LeaseKind, request.Trigger, cancellationToken);
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
            gate.Running = "";
            gate.Slot.Release();
        }
    }

    private async Task<MirrorRun> GuardedRunAsync(MirrorRequest request, RoleState state, DateTimeOffset started, CancellationToken cancellationToken)
    {
        var mirror = request.Service.Mirror;
        var source = topology.Node(state.Active);
        var target = topology.Node(TargetOf(request, state));
        if (target.NodeName == source.NodeName)
        {
            // An operation's target that the roles now name active (they moved since it started): its store is the live one.
            return Run(request, state, started, new WrongDirection($"{target.Name} is {request.Service.Name}'s active node at generation {state.Generation}: refusing to pull into its live store"));
        }

        if (state.MirrorPaused && !request.OverridePause)
        {
            return Run(request, state, started, new MirrorPaused(state.ChangedAt, state.Reason, state.Active, state.Standby));
        }

        if (request.AllowUncountedSource)
        {
            // The caller already found the source unreachable over SSH: do not wait on it again. The
            // target's guards and the sentinel check through rsync itself still apply.
            await RefreshStateFilesAsync(request.Service, state, [target.NodeName], cancellationToken);
            return await PullAsync(request, state, started, Command(request, state, source, target), cancellationToken);
        }

        // Bring lagging node state files up to the journal before trusting them in the guard, and count the
        // source's store, all at once: three round trips on two nodes cost one.
        var refresh = RefreshStateFilesAsync(request.Service, state, [state.Active, target.NodeName], cancellationToken);
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

        var lastGood = await history.LastGoodAsync(request.Service.Name, cancellationToken);
        if (lastGood?.Stats?.RegularFiles is { } before && lastGood.Source == source.NodeName && before > 0
            && files < before * (1 - mirror.MaxFileCountDrop))
        {
            return Run(request, state, started, new FileCountDropped(source.NodeName, files, before, mirror.MaxFileCountDrop));
        }

        return await PullAsync(request, state, started, Command(request, state, source, target), cancellationToken);
    }

    private RemoteCommand Command(MirrorRequest request, RoleState state, NodeOptions source, NodeOptions target)
    {
        var mirror = request.Service.Mirror;
        // Inside an operation (which holds its service's lease) an earlier pull belongs to no live run: stop it.
        var earlier = request.OperationId is null ? EarlierPull.Refuse : EarlierPull.Stop;
        return MirrorScript.Build(mirror, source, target, request.Service.Vip, state.Generation, mirror.RunTimeout, ssh.Value.ConnectTimeout, earlier);
    }

    private async Task<MirrorRun> PullAsync(MirrorRequest request, RoleState state, DateTimeOffset started, RemoteCommand command, CancellationToken cancellationToken)
    {
        var source = topology.Node(state.Active);
        var target = topology.Node(TargetOf(request, state));
        MirrorLog.Started(logger, source.Name, target.Name, request.Trigger, state.Generation);
        var outcome = await shell.RunAsync(target.NodeName, command, cancellationToken);
        return outcome switch
        {
            Exited { Code: >= 90 and < 100 } guard => Run(request, state, started, Guarded(request.Service, guard, source, target)),
            Exited exited => Classified(request, state, started, exited),
            TimedOut timedOut => Run(request, state, started, new MirrorTimedOut(timedOut.Node, timedOut.After)),
            _ => Run(request, state, started, new MirrorNodeUnreachable(outcome.Node, outcome.Describe())),
        };
    }

    private Task RefreshStateFilesAsync(ServiceDefinition service, RoleState state, IReadOnlyList<NodeName> nodes, CancellationToken cancellationToken) =>
        Task.WhenAll(nodes.Select(async node =>
        {
            var (record, _) = await stateFiles.ReadAsync(node, service, cancellationToken);
            if (record is null || record.Generation < state.Generation)
            {
                await stateFiles.WriteAsync(node, service, state, cancellationToken);
            }
        }));

    private async Task<MirrorRun> RecordAsync(MirrorRun run, CancellationToken cancellationToken)
    {
        var previous = await history.LastAsync(run.Service, cancellationToken);
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

    /// <summary>Completes when no run of <paramref name="service"/>'s store in this process is in progress (at once when none is); runs on other instances are not seen.</summary>
    public async Task WhenIdleAsync(ServiceName service, CancellationToken cancellationToken)
    {
        var gate = GateOf(service);
        await gate.Slot.WaitAsync(cancellationToken);
        gate.Slot.Release();
    }

    public void Dispose()
    {
        foreach (var gate in _gates.Values)
        {
            gate.Dispose();
        }
    }

    private MirrorRun Classified(MirrorRequest request, RoleState state, DateTimeOffset started, Exited exited)
    {
        var stats = RsyncStatsParser.Parse(exited.StdOut);
        return Run(request, state, started, RsyncExitClassifier.Classify(exited.Code, exited.StdErr, stats, TargetOf(request, state)), exited.Code, stats);
    }

    /// <summary>A refusal that is not written to history (overlap, lock held): it is about the trigger, not the mirror.</summary>
    private MirrorRun Unrecorded(MirrorRequest request, RoleState state, DateTimeOffset started, MirrorRefusal refusal)
    {
        MirrorLog.NotStarted(logger, request.Trigger, refusal.Describe());
        return Run(request, state, started, refusal);
    }

    private MirrorRun Run(MirrorRequest request, RoleState state, DateTimeOffset started, MirrorOutcome outcome, int? code = null, RsyncStats? stats = null) =>
        new(request.Service.Name, 0, started, time.GetUtcNow(), request.Trigger, state.Active, TargetOf(request, state), state.Generation, outcome, code, stats);

    /// <summary>The node a run pulls into: the operation's target when it names one, otherwise the recorded standby.</summary>
    private static NodeName TargetOf(MirrorRequest request, RoleState state) => request.Target ?? state.Standby;

    /// <summary>The pull script's guards exit 90–99; the code says which guard, its line says what it saw.</summary>
    private static MirrorRefusal Guarded(ServiceDefinition service, Exited guard, NodeOptions source, NodeOptions target)
    {
        var detail = guard.StdErr.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("mailha-guard:", StringComparison.Ordinal))?["mailha-guard:".Length..].Trim()
            ?? guard.StdErr.Trim();
        return guard.Code switch
        {
            MirrorScript.StaleGeneration => new RolesChangedElsewhere(detail),
            MirrorScript.WrongDirection => new WrongDirection(detail),
            MirrorScript.PasswordFileMissing or MirrorScript.PasswordFileUnsafe => new PasswordFileUnsafe(detail),
            MirrorScript.TargetHoldsVip => new TargetHoldsVip(detail),
            MirrorScript.SentinelMissing => new SentinelMissing(source.NodeName, service.Mirror.SentinelFile, null),
            MirrorScript.PullRunning => new PullStillRunning(target.NodeName, detail),
            _ => new GuardRefused(guard.Code, detail),
        };
    }
}
