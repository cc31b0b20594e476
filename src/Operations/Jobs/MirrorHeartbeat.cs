using System.Collections.Concurrent;
using System.Globalization;
using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Reporting;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Jobs;

/// <summary>
/// Measures the continuous mirror's lag of every service whose <c>Mirror:Mode</c> is <c>Continuous</c> (on the leader), each
/// on its own timer, into its own state (<see cref="MirrorStreams"/>): every <c>Mirror:HeartbeatInterval</c> it writes MailHa's clock into the heartbeat file beside the sentinel on the active node,
/// then reads the standby's copy: the lag is how old the value found there is, by MailHa's own clock (the nodes' clocks
/// play no part). It reads at most one interval high: the heartbeat written last may not have travelled yet. While the
/// active node cannot be written to, nothing is measured: the last lag stays what an unplanned failover loses. An alert when
/// it goes above <c>Mirror:LagAlertAfter</c>, one when it is back. Not while the mirror is paused: then nothing is pulled.
/// </summary>
public sealed partial class MirrorHeartbeat(
    IRemoteShell shell,
    RoleStore roles,
    Leadership leadership,
    MirrorStreams streams,
    IEnumerable<IMirrorStreamObserver> observers,
    IEnumerable<IReportObserver<MirrorLagMeasured>> lagObservers,
    TimeProvider time,
    ILogger<MirrorHeartbeat> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<ServiceName, bool> _alerting = new();

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(streams.Services.Select(service => Task.Run(() => MeasureAsync(service, stoppingToken), CancellationToken.None)));

    private async Task MeasureAsync(ServiceDefinition service, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(service.Mirror.HeartbeatInterval, time);
        try
        {
            do
            {
                try
                {
                    await BeatAsync(service, stoppingToken);
                }
                catch (Exception e) when (JournalAvailability.IsUnreachable(e))
                {
                    // Logged once per outage by the journal; the next beat tries again.
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Failed(logger, service.Name.Value, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }

    /// <summary>One beat of <paramref name="service"/>: write on its active node, read on its standby, record its lag and alert on its crossings.</summary>
    public async Task BeatAsync(ServiceDefinition service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (!leadership.IsLeader)
        {
            return;
        }

        var state = streams.For(service.Name);
        var mirror = service.Mirror;
        var current = await roles.GetAsync(service, cancellationToken);
        if (current.MirrorPaused)
        {
            // Nothing is pulled while paused: the last measurement stays, with its time.
            return;
        }

        var written = await shell.RunAsync(current.Active, WatchScript.WriteHeartbeat(mirror, time.GetUtcNow()), cancellationToken);
        if (!written.Succeeded)
        {
            // The active node down or its store without its sentinel: the last lag measured while it answered stays the
            // estimate of what an unplanned failover loses (read now, it would only grow with the outage).
            return;
        }

        var read = await shell.RunAsync(current.Standby, WatchScript.ReadHeartbeat(mirror), cancellationToken);
        if (read is not Exited { Code: 0 } exited)
        {
            // The standby unreachable: no measurement; the lag alert stays as it was, the node's own alerts say why.
            return;
        }

        TimeSpan? lag = long.TryParse(exited.StdOut.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var heartbeat)
            ? time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(heartbeat)
            : null;
        if (lag < TimeSpan.Zero)
        {
            lag = TimeSpan.Zero;
        }

        state.LagMeasured(lag);
        await lagObservers.NotifyAsync(new MirrorLagMeasured(service.Name, lag), TimeSpan.Zero, cancellationToken);
        // No heartbeat on the standby's copy yet (the first beats of a new store): nothing to alert on; the stale-mirror alert still watches.
        var alerting = _alerting.GetValueOrDefault(service.Name);
        var high = lag is { } measured ? measured > mirror.LagAlertAfter : alerting;
        if (high != alerting)
        {
            _alerting[service.Name] = high;
            await TellAsync(new LagTooHigh(service.Name, high, lag, mirror.LagAlertAfter), cancellationToken);
        }
    }

    private async Task TellAsync(MirrorStreamProblem problem, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
        {
            try
            {
                await observer.OnStreamProblemAsync(problem, cancellationToken);
            }
#pragma warning disable CA1031 // An observer's failure (chat down) must never stop the measurement.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                ObserverFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 1255, Level = LogLevel.Warning, Message = "Mirror heartbeat of {Service} failed")]
    private static partial void Failed(ILogger logger, string service, Exception exception);

    [LoggerMessage(EventId = 1256, Level = LogLevel.Error, Message = "Mirror lag observer failed")]
    private static partial void ObserverFailed(ILogger logger, Exception exception);
}
