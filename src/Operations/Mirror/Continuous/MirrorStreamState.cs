using MailHa.Operations.Reporting;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Mirror.Continuous;

/// <summary>
/// What this instance knows of one service's continuous mirror (<see cref="MirrorStreams"/> holds one per service): whether its stream runs (only the leader runs one), its last batch,
/// and the last lag measured from the heartbeat. Status, the board, <c>/metrics</c> and the failover card read it; on an
/// instance that does not lead, nothing is measured and <see cref="View"/> says so.
/// </summary>
public sealed class MirrorStreamState(TimeProvider time)
{
    private readonly Lock _lock = new();
    private MirrorStreamView _view = MirrorStreamView.NotStarted;

    public MirrorStreamView View
    {
        get
        {
            lock (_lock)
            {
                return _view;
            }
        }
    }

    public void Streaming(NodeName source, NodeName target, long generation) =>
        Change(v => v with { Streaming = true, Source = source, Target = target, Generation = generation, Since = time.GetUtcNow(), StoppedBecause = null });

    public void Stopped(string because) =>
        Change(v => v with { Streaming = false, Since = time.GetUtcNow(), StoppedBecause = because });

    public void BatchPulled(int paths) =>
        Change(v => v with { LastBatchAt = time.GetUtcNow(), Batches = v.Batches + 1, PathsPulled = v.PathsPulled + paths });

    public void FullRunAsked() => Change(v => v with { FullRuns = v.FullRuns + 1 });

    public void LagMeasured(TimeSpan? lag) => Change(v => v with { Lag = lag, LagMeasuredAt = time.GetUtcNow() });

    private void Change(Func<MirrorStreamView, MirrorStreamView> change)
    {
        lock (_lock)
        {
            _view = change(_view);
        }
    }
}

/// <summary>
/// The continuous mirror as seen now. <see cref="Lag"/>: how old the heartbeat on the standby's copy was when last read
/// (null: none there yet); an unplanned failover then would lose about that much mail.
/// </summary>
public sealed record MirrorStreamView(
    bool Streaming,
    NodeName? Source,
    NodeName? Target,
    long Generation,
    DateTimeOffset? Since,
    string? StoppedBecause,
    DateTimeOffset? LastBatchAt,
    long Batches,
    long PathsPulled,
    long FullRuns,
    TimeSpan? Lag,
    DateTimeOffset? LagMeasuredAt)
{
    public static MirrorStreamView NotStarted { get; } = new(false, null, null, 0, null, null, null, 0, 0, 0, null, null);

    /// <summary>The lag as one phrase: <c>lag 1.4 s</c>, or why it is not known.</summary>
    public string DescribeLag(DateTimeOffset now) => (Lag, LagMeasuredAt) switch
    {
        ({ } lag, { } at) => $"lag {Durations.Format(lag)} (measured {Durations.Format(now - at)} ago)",
        (null, { }) => "lag unknown: no heartbeat on the standby's copy",
        _ => "lag not measured yet (the leader measures it)",
    };

    /// <summary>One line for status: streaming or why not, the last batch, the lag.</summary>
    public string Describe(DateTimeOffset now)
    {
        var stream = Streaming
            ? $"streaming {Source} → {Target} since {Since:HH:mm:ss}Z, {Batches} batch(es), {FullRuns} full run(s)" + (LastBatchAt is { } last ? $", last batch {Durations.Format(now - last)} ago" : "")
            : $"NOT streaming ({StoppedBecause ?? "not started on this instance"})";
        return $"continuous: {stream}; {DescribeLag(now)}";
    }

    /// <summary>Streaming from <paramref name="source"/> to <paramref name="target"/> right now.</summary>
    public bool StreamsBetween(NodeName source, NodeName target) => Streaming && Source == source && Target == target;
}

/// <summary>One lag measurement of <see cref="Service"/>'s mirror by the heartbeat (<see cref="Lag"/> null: no heartbeat on the standby's copy yet), for <c>/metrics</c>.</summary>
public sealed record MirrorLagMeasured(ServiceName Service, TimeSpan? Lag);
