using MailHa.Operations.Reporting;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Status;

/// <summary>
/// Gathers status in parallel, each part with its own timeout: what the network says (<see cref="NodeSurvey"/>), the
/// recorded roles, the mirrors (<see cref="MirrorFacts"/>) and the operations (<see cref="RunningOperations"/>). A dead
/// node never makes status wait longer than its timeout, and the answer says which parts are unknown and why.
/// </summary>
public sealed class StatusService(
    NodeSurvey survey,
    KnownRoles roles,
    MirrorFacts mirrors,
    RunningOperations operations,
    MailTopology topology,
    IEnumerable<IReportObserver<StatusReport>> observers,
    TimeProvider time)
{
    public async Task<StatusReport> GetAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var report = await GatherAsync(cancellationToken);
        await observers.NotifyAsync(report, time.GetElapsedTime(started), cancellationToken);
        return report;
    }

    private async Task<StatusReport> GatherAsync(CancellationToken cancellationToken)
    {
        var unknown = new List<string>();
        // The roles first, here: during a journal outage their read is the one that tries the journal again (one caller at
        // a time does) and says whether it is back. The other journal parts run on the pool: SQLite answers synchronously,
        // so read on this thread they would hold back the start of the network's parts (tens of ms at 8 + 1, issue #20).
        var known = roles.GetAllAsync(topology.Services, cancellationToken);
        var states = StatesAsync(known);
        var surveying = survey.SurveyAsync(states, cancellationToken);
        var mirroring = Task.Run(() => mirrors.GatherAsync(cancellationToken), cancellationToken);
        var leases = Task.Run(() => operations.LeasesAsync(cancellationToken), cancellationToken);
        await Task.WhenAll(surveying, states, mirroring, leases);
        var (found, mirror) = (await surveying, await mirroring);

        var (replicationValue, replicationWhy) = found.Replication;
        if (replicationValue is null)
        {
            unknown.Add($"directory replication: {replicationWhy}");
        }

        var now = time.GetUtcNow();
        var services = new List<ServiceStatus>();
        for (var i = 0; i < topology.Services.Count; i++)
        {
            var service = topology.Services[i];
            var finding = found.Vips[i];
            var ranOut = finding as VipCheckRanOut;
            if (ranOut is not null)
            {
                unknown.Add(topology.Services.Count == 1 ? $"VIP holder: {ranOut.Why}" : $"{service.Name} VIP holder: {ranOut.Why}");
            }

            var roleState = (await states)[i];
            var good = mirror.LastGoods[i];
            var standbyDown = !found.Listings[roleState.Standby].Succeeded;
            var noStandby = standbyDown ? $"{service.Name} has no standby: {roleState.Standby} down, its mirror cannot run" : null;
            var health = ServiceHealthRule.Of(finding, standbyDown, roleState.MirrorPaused, good is not null);
            services.Add(new ServiceStatus(service.Name, roleState, (finding as VipLocated)?.Report, mirror.LastRuns[i], good, good is null ? null : now - good.StartedAt, health, noStandby, mirrors.StreamOf(service.Name))
            {
                VipRanOut = ranOut,
            });
        }

        // The detail below the service lines: the first service's (the one pair's, when there is one).
        var first = services[0];
        var firstService = topology.Services[0];
        var next = firstService.Mirror.ScheduleEnabled && !first.Roles.MirrorPaused
            ? MirrorCron.Parse(firstService.Mirror.Cron).GetNextOccurrence(now.UtcDateTime) is { } n ? new DateTimeOffset(n, TimeSpan.Zero) : (DateTimeOffset?)null
            : null;
        var mirrorStatus = new MirrorStatus(first.Roles.Active, first.Roles.Standby, first.Roles.MirrorPaused, first.LastRun, first.LastGood, first.Age, next, mirror.Interrupted, mirrors.StreamOf(firstService.Name));
        var running = await leases;
        var interrupted = running is null ? null : await operations.InterruptedAsync(running, s => services.Find(x => x.Service == s)?.Vip, cancellationToken);
        return new StatusReport(now, first.Roles, found.Nodes, first.Vip, mirrorStatus, replicationValue, running is { Count: > 0 } ? running[0] : null, interrupted, unknown, (await known).Outage)
        {
            Services = services,
        };
    }

    private static async Task<IReadOnlyList<RoleState>> StatesAsync(Task<KnownRoleStates> known) => (await known).States;
}
