using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Jobs;

/// <summary>
/// Runs the continuous mirror of every service whose <c>Mirror:Mode</c> is <c>Continuous</c>, each independently of the
/// others (its own watcher on its active node, its own state in <see cref="MirrorStreams"/>): per service one
/// <see cref="StreamSession"/> at a time, only on the
/// leader (two instances on one PostgreSQL never run two watchers), only while the mirror is not paused and no operation
/// holds the operation lease. A stream is stopped when any of that changes (checked every second) and a new one started
/// when it allows again, in the roles' direction then; each new stream begins with a full run. A watcher lost is
/// restarted at once, then with a growing pause while it keeps failing; a fall back (watch limit, no inotifywait) is
/// alerted on and retried after <see cref="FallBackRetry"/>. The cron's full run goes on beside it.
/// </summary>
public sealed partial class ContinuousMirror(
    StreamSession stream,
    RoleStore roles,
    OperationLock operationLock,
    Leadership leadership,
    MirrorStreams streams,
    IEnumerable<IMirrorStreamObserver> observers,
    TimeProvider time,
    ILogger<ContinuousMirror> logger) : BackgroundService
{
    /// <summary>How long the mirror stays on its interval after the stream could not run before the watcher is tried again.</summary>
    public static readonly TimeSpan FallBackRetry = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan Check = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxPause = TimeSpan.FromMinutes(1);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(streams.Services.Select(service => Task.Run(() => StreamAsync(service, stoppingToken), CancellationToken.None)));

    /// <summary>One service's streams, one after the other, until shutdown: its pause, roles and operations stop only its own.</summary>
    private async Task StreamAsync(ServiceDefinition service, CancellationToken stoppingToken)
    {
        var state = streams.For(service.Name);
        var fellBack = false;
        var pause = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await MayStreamAsync(service, state, stoppingToken) is not { } current)
                {
                    await Task.Delay(Check, time, stoppingToken);
                    continue;
                }

                var startedAt = time.GetUtcNow();
                var stopped = await FollowAsync(service, state, current, stoppingToken);
                (pause, fellBack) = await AfterAsync(service.Name, stopped, time.GetUtcNow() - startedAt > MaxPause ? TimeSpan.Zero : pause, fellBack, stoppingToken);
                await Task.Delay(pause, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (JournalAvailability.IsUnreachable(e))
            {
                // Logged once per outage by the journal: without the recorded roles the stream cannot know its direction.
                state.Stopped("stopped: the journal is unreachable");
                await Task.Delay(MaxPause, time, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A bug: the stream stops, the cron's full run goes on; try again shortly.
                state.Stopped($"stopped by an error: {e.Message}");
                Failed(logger, service.Name.Value, e);
                await Task.Delay(MaxPause, time, stoppingToken);
            }
        }
    }

    /// <summary>The roles to stream with, or null when this instance must not stream now.</summary>
    private async Task<RoleState?> MayStreamAsync(ServiceDefinition service, MirrorStreamState state, CancellationToken cancellationToken)
    {
        if (!leadership.IsLeader)
        {
            return null;
        }

        var current = await roles.GetAsync(service, cancellationToken);
        if (current.MirrorPaused)
        {
            state.Stopped("the mirror is paused");
            return null;
        }

        if (await operationLock.GetAsync(service.Name, cancellationToken) is { } lease && lease.Kind != MirrorRunner.LeaseKind)
        {
            state.Stopped($"an operation is in progress: {lease.Describe()}");
            return null;
        }

        return current;
    }

    /// <summary>Runs a stream until it stops by itself or what allowed it changes (leadership, pause, roles, an operation).</summary>
    private async Task<StreamStop> FollowAsync(ServiceDefinition service, MirrorStreamState state, RoleState current, CancellationToken stoppingToken)
    {
        using var halt = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var running = stream.RunAsync(current, halt.Token);
        string? reason = null;
        try
        {
            while (!running.IsCompleted)
            {
                await Task.WhenAny(running, Task.Delay(Check, time, stoppingToken));
                if (running.IsCompleted)
                {
                    break;
                }

                reason = await ReasonToStopAsync(service, current, stoppingToken);
                if (reason is not null)
                {
                    break;
                }
            }
        }
        finally
        {
            // Whatever ends the watch (a reason, shutdown, the journal unreachable), the stream has ended before another can start.
            if (!running.IsCompleted)
            {
                await halt.CancelAsync();
                await Task.WhenAny(running);
            }
        }

        try
        {
            return await running;
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested && reason is not null)
        {
            state.Stopped(reason);
            StreamHalted(logger, service.Name.Value, reason);
            return new StoppedByMailHa(reason);
        }
    }

    private async Task<string?> ReasonToStopAsync(ServiceDefinition service, RoleState current, CancellationToken cancellationToken)
    {
        if (!leadership.IsLeader)
        {
            return "this instance no longer leads";
        }

        var now = await roles.GetAsync(service, cancellationToken);
        if (now.MirrorPaused)
        {
            return "the mirror was paused";
        }

        if (now.Generation != current.Generation)
        {
            return $"the roles changed (generation {now.Generation}, {now.Active} active)";
        }

        return await operationLock.GetAsync(service.Name, cancellationToken) is { } lease && lease.Kind != MirrorRunner.LeaseKind
            ? $"an operation started: {lease.Describe()}"
            : null;
    }

    /// <summary>Reports the stop; returns how long to wait before the service's next stream and whether it is now fallen back.</summary>
    private async Task<(TimeSpan Pause, bool FellBack)> AfterAsync(ServiceName service, StreamStop stopped, TimeSpan pause, bool fellBack, CancellationToken cancellationToken)
    {
        if (stopped is FellBack fell)
        {
            if (!fellBack)
            {
                await TellAsync(new StreamFellBack(service, true, fell.Reason), cancellationToken);
            }

            return (FallBackRetry, true);
        }

        if (fellBack && stopped is not StoreNotReady)
        {
            fellBack = false;
            await TellAsync(new StreamFellBack(service, false, ""), cancellationToken);
        }

        return (stopped switch
        {
            StoppedByMailHa => TimeSpan.Zero,
            _ => pause == TimeSpan.Zero ? TimeSpan.FromSeconds(1) : TimeSpan.FromTicks(Math.Min(MaxPause.Ticks, pause.Ticks * 2)),
        }, fellBack);
    }

    private async Task TellAsync(MirrorStreamProblem problem, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
        {
            try
            {
                await observer.OnStreamProblemAsync(problem, cancellationToken);
            }
#pragma warning disable CA1031 // An observer's failure (chat down) must never stop the mirror it reports on.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                ObserverFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 1250, Level = LogLevel.Error, Message = "Continuous mirror of {Service} failed; the cron's full run goes on, the stream is tried again")]
    private static partial void Failed(ILogger logger, string service, Exception exception);

    [LoggerMessage(EventId = 1251, Level = LogLevel.Information, Message = "Mirror stream of {Service} halted: {Reason}")]
    private static partial void StreamHalted(ILogger logger, string service, string reason);

    [LoggerMessage(EventId = 1252, Level = LogLevel.Error, Message = "Mirror stream observer failed")]
    private static partial void ObserverFailed(ILogger logger, Exception exception);
}
