using System.Threading.Channels;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Mirror.Continuous;

/// <summary>
/// One stream of the continuous mirror, from the active node to the standby at one role generation: starts the watcher
/// over SSH, runs the full guarded run once every directory is watched (so nothing changed before is missed), then pulls
/// each due batch of changed paths through <see cref="MirrorRunner"/> (its gate, lease and guards). An overflow, an
/// oversized batch or a batch that is not good is followed by a full run; a full run that is not good stops the stream.
/// Whatever ends it, the watcher's remote process is stopped by its PID. Each service's stream records into its own state
/// (<see cref="MirrorStreams"/>); one session object runs the streams of several services at once.
/// </summary>
public sealed partial class StreamSession(
    IStreamingShell streams,
    IRemoteShell shell,
    MirrorRunner runner,
    MirrorStreams states,
    MailTopology topology,
    TimeProvider time,
    ILogger<StreamSession> logger)
{
    /// <summary>The trigger recorded for the stream's batches and full runs (<c>continuous:why</c>).</summary>
    public const string Trigger = "continuous";

    private static readonly TimeSpan LeaseRetry = TimeSpan.FromSeconds(1);

    public async Task<StreamStop> RunAsync(RoleState roles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var mirror = topology.Service(roles.Service).Mirror;
        var state = states.For(roles.Service);
        var source = topology.Node(roles.Active);
        var parser = new InotifyOutputParser(mirror.StorePath, mirror.SentinelFile);
        var events = Channel.CreateUnbounded<WatchEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pid = 0;
        var reading = Task.Run(
            async () =>
            {
                try
                {
                    await foreach (var record in streams.StreamAsync(source.NodeName, WatchScript.Watch(mirror, source), stop.Token))
                    {
                        var watchEvent = parser.Parse(record);
                        if (watchEvent is WatcherStarted started)
                        {
                            Volatile.Write(ref pid, started.Pid);
                        }

                        events.Writer.TryWrite(watchEvent);
                    }
                }
                finally
                {
                    events.Writer.TryComplete();
                }
            },
            CancellationToken.None);

        try
        {
            var stopped = await FollowAsync(roles, state, events.Reader, cancellationToken);
            var why = stopped.Describe();
            state.Stopped(why);
            StreamStopped(logger, roles.Service.Value, roles.Active.Value, why);
            return stopped;
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await reading;
            }
            catch (OperationCanceledException)
            {
                // The stream was stopped on purpose.
            }

            if (Volatile.Read(ref pid) is > 0 and var watcher)
            {
                await shell.RunAsync(source.NodeName, WatchScript.Stop(mirror, source, watcher), CancellationToken.None);
            }
        }
    }

    private async Task<StreamStop> FollowAsync(RoleState roles, MirrorStreamState state, ChannelReader<WatchEvent> events, CancellationToken cancellationToken)
    {
        var batcher = ChangeBatcher.For(topology.Service(roles.Service).Mirror);
        while (true)
        {
            var next = await NextAsync(events, batcher.DueAt, cancellationToken);
            if (next is null)
            {
                if (batcher.TakeIfDue(time.GetUtcNow()) is { } batch && await PullAsync(roles, state, batch, cancellationToken) is { } stopped)
                {
                    return stopped;
                }

                continue;
            }

            switch (next)
            {
                case WatcherStarted started:
                    WatcherStarted(logger, roles.Service.Value, roles.Active.Value, started.Pid);
                    break;
                case WatchesEstablished:
                    // Every directory is watched from here on: a full run now leaves nothing behind that the stream would not carry.
                    state.Streaming(roles.Active, roles.Standby, roles.Generation);
                    if (await FullRunAsync(roles, state, "stream started", cancellationToken) is { } notStarted)
                    {
                        return notStarted;
                    }

                    break;
                case PathChanged changed:
                    batcher.Add(changed.RelativePath, time.GetUtcNow());
                    break;
                case QueueOverflowed:
                    batcher.NeedFullRun("the source's inotify event queue overflowed (IN_Q_OVERFLOW)", time.GetUtcNow());
                    break;
                case SentinelGone:
                    // The full run refuses on the missing sentinel, is recorded and alerted on, and stops the stream.
                    return await FullRunAsync(roles, state, "sentinel removed on the source", cancellationToken) ?? new StoreNotReady("the sentinel was removed and put back");
                case WatchLimitReached limit:
                    return new FellBack(limit.Describe());
                case WatcherMissing missing:
                    return new FellBack(missing.Detail);
                case WatchedStoreMissing:
                    return new StoreNotReady($"the source store on {roles.Active} has no {topology.Service(roles.Service).Mirror.SentinelFile}: unmounted or emptied? nothing is streamed");
                case WatcherNote note:
                    WatcherSaid(logger, roles.Service.Value, roles.Active.Value, note.Text);
                    break;
                case WatcherEnded ended:
                    return new WatcherLost(ended.Detail);
                default:
                    break;
            }
        }
    }

    /// <summary>The next event, or null once <paramref name="dueAt"/> has come; a closed stream reads as the watcher lost.</summary>
    private async Task<WatchEvent?> NextAsync(ChannelReader<WatchEvent> events, DateTimeOffset? dueAt, CancellationToken cancellationToken)
    {
        if (events.TryRead(out var ready))
        {
            return ready;
        }

        if (dueAt is { } due)
        {
            var wait = due - time.GetUtcNow();
            if (wait <= TimeSpan.Zero)
            {
                return null;
            }

            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(wait);
            try
            {
                return await events.ReadAsync(timer.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (ChannelClosedException)
            {
                return new WatcherEnded("the stream closed");
            }
        }

        try
        {
            return await events.ReadAsync(cancellationToken);
        }
        catch (ChannelClosedException)
        {
            return new WatcherEnded("the stream closed");
        }
    }

    /// <summary>Pulls a due batch; null to go on streaming, or why the stream stops.</summary>
    private async Task<StreamStop?> PullAsync(RoleState roles, MirrorStreamState state, ChangeBatch batch, CancellationToken cancellationToken)
    {
        if (batch is FullRunDue full)
        {
            return await FullRunAsync(roles, state, full.Because, cancellationToken);
        }

        var paths = ((PathsDue)batch).Paths;
        while (true)
        {
            var run = await runner.RunBatchAsync(new MirrorRequest(topology.Service(roles.Service), Trigger), roles.Generation, paths, cancellationToken);
            switch (run.Outcome)
            {
                case { IsGood: true }:
                    state.BatchPulled(paths.Count);
                    return null;
                case AlreadyRunning:
                    // A full run of this instance (the cron's, an operator's) holds the gate: pull after it, it may have started before these changes.
                    await runner.WhenIdleAsync(roles.Service, cancellationToken);
                    continue;
                case OperationRunning:
                    // Another instance's mirror run holds the lease (an operation's lease makes the controller stop this stream).
                    await Task.Delay(LeaseRetry, time, cancellationToken);
                    continue;
                case MirrorPaused or RolesChangedElsewhere:
                    return new StoppedByMailHa(run.Message);
                default:
                    BatchNotGood(logger, roles.Service.Value, paths.Count, run.Message);
                    return await FullRunAsync(roles, state, $"a batch was not pulled ({run.Message})", cancellationToken);
            }
        }
    }

    /// <summary>The full guarded run (recorded, alerted on as any run); null when it was good.</summary>
    private async Task<StreamStop?> FullRunAsync(RoleState roles, MirrorStreamState state, string because, CancellationToken cancellationToken)
    {
        state.FullRunAsked();
        FullRunAsked(logger, roles.Service.Value, because);
        while (true)
        {
            var run = await runner.RunAsync(new MirrorRequest(topology.Service(roles.Service), $"{Trigger}: {because}"), cancellationToken);
            if (run.Outcome is AlreadyRunning)
            {
                await runner.WhenIdleAsync(roles.Service, cancellationToken);
                continue;
            }

            if (run.Outcome is OperationRunning)
            {
                await Task.Delay(LeaseRetry, time, cancellationToken);
                continue;
            }

            return run.IsGood ? null : new PullNotGood(run);
        }
    }

    [LoggerMessage(EventId = 1240, Level = LogLevel.Information, Message = "Mirror watcher of {Service} on {Node} started (PID {Pid})")]
    private static partial void WatcherStarted(ILogger logger, string service, string node, int pid);

    [LoggerMessage(EventId = 1241, Level = LogLevel.Debug, Message = "Mirror watcher of {Service} on {Node}: {Text}")]
    private static partial void WatcherSaid(ILogger logger, string service, string node, string text);

    [LoggerMessage(EventId = 1242, Level = LogLevel.Warning, Message = "Mirror batch of {Service}, {Paths} path(s), not pulled: {Reason}")]
    private static partial void BatchNotGood(ILogger logger, string service, int paths, string reason);

    [LoggerMessage(EventId = 1243, Level = LogLevel.Information, Message = "Continuous mirror of {Service} asks for a full run: {Because}")]
    private static partial void FullRunAsked(ILogger logger, string service, string because);

    [LoggerMessage(EventId = 1244, Level = LogLevel.Information, Message = "Mirror stream of {Service} from {Node} stopped: {Reason}")]
    private static partial void StreamStopped(ILogger logger, string service, string node, string reason);
}
