using Cronos;
using MailHa.Operations.Failover;
using MailHa.Operations.Journal;
using MailHa.Operations.Ldap;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Reporting;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Status;

/// <summary>
/// Gathers status in parallel, each part with its own timeout: a dead node never makes status wait
/// longer than its timeout, and the answer says which parts are unknown and why.
/// </summary>
public sealed class StatusService(
    IServiceProbe probe,
    VipLocator vip,
    ReplicationChecker replication,
    KnownRoles roles,
    MirrorHistory history,
    OperationLock operationLock,
    OperationJournal operations,
    MailTopology topology,
    IOptions<SshOptions> ssh,
    IOptions<DirectoryOptions> directory,
    MirrorStreamState stream,
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
        var sshBound = ssh.Value.ConnectTimeout + TimeSpan.FromSeconds(3);
        var vipBound = Max(ssh.Value.ConnectTimeout, topology.Services.Max(s => s.Vip.ProbeTimeout)) + TimeSpan.FromSeconds(3);
        var ldapBound = directory.Value.Timeout * 2 + TimeSpan.FromSeconds(1);
        var unknown = new List<string>();

        var known = roles.GetAllAsync(topology.Services, cancellationToken);
        var states = StatesAsync(known);

        // One SSH command per node, all at once: its interface list is both "reachable" and its view of every VIP,
        // so a dead node's connect timeout is paid once, in parallel with everything else, however many services it runs.
        var listings = topology.Nodes.ToDictionary(n => n.NodeName, n => ListBoundedAsync(n.NodeName, sshBound, cancellationToken));
        var nodes = topology.Nodes.Select(n => NodeAsync(n, listings[n.NodeName], states, cancellationToken)).ToList();
        var vipReports = topology.Services
            .Select(s => BoundedAsync(ct => vip.LocateAsync(s, [.. s.Nodes.Select(n => listings[n])], ct), vipBound, cancellationToken))
            .ToList();
        var replicationReport = ReplicationAsync(ldapBound, [.. listings.Values], cancellationToken);
        var lastRuns = topology.Services.Select(s => JournalAvailability.OrNullAsync(history.LastAsync(s.Name, cancellationToken))).ToList();
        var lastGoods = topology.Services.Select(s => JournalAvailability.OrNullAsync(history.LastGoodAsync(s.Name, cancellationToken))).ToList();
        var leases = JournalAvailability.OrNullAsync(operationLock.GetAllAsync(cancellationToken));
        var interruptedMirror = JournalAvailability.OrNullAsync(InterruptedMirror.FindAsync(operationLock, history, cancellationToken));
        await Task.WhenAll(Task.WhenAll(nodes), Task.WhenAll(vipReports), replicationReport, states, Task.WhenAll(lastRuns), Task.WhenAll(lastGoods), leases, interruptedMirror);

        var (replicationValue, replicationWhy) = await replicationReport;
        if (replicationValue is null)
        {
            unknown.Add($"directory replication: {replicationWhy}");
        }

        var now = time.GetUtcNow();
        var services = new List<ServiceStatus>();
        for (var i = 0; i < topology.Services.Count; i++)
        {
            var service = topology.Services[i];
            var (vipValue, vipWhy) = await vipReports[i];
            if (vipValue is null)
            {
                unknown.Add(topology.Services.Count == 1 ? $"VIP holder: {vipWhy}" : $"{service.Name} VIP holder: {vipWhy}");
            }

            var roleState = (await states)[i];
            var good = await lastGoods[i];
            var standbyDown = !(await listings[roleState.Standby]).Succeeded;
            var noStandby = standbyDown ? $"{service.Name} has no standby: {roleState.Standby} down, its mirror cannot run" : null;
            var health = vipValue?.Verdict switch
            {
                VipVerdict.SplitBrain => ServiceHealth.SplitBrain,
                VipVerdict.Nobody => ServiceHealth.Down,
                VipVerdict.Unknown when vipValue.External is Silent => ServiceHealth.Down,
                VipVerdict.Unknown or null => ServiceHealth.Degraded,
                _ when standbyDown || roleState.MirrorPaused || good is null => ServiceHealth.Degraded,
                _ => ServiceHealth.Healthy,
            };
            services.Add(new ServiceStatus(service.Name, roleState, vipValue, await lastRuns[i], good, good is null ? null : now - good.StartedAt, health, noStandby));
        }

        // The detail below the service lines: the first service's (the one pair's, when there is one).
        var first = services[0];
        var firstService = topology.Services[0];
        var next = firstService.Mirror.ScheduleEnabled && !first.Roles.MirrorPaused
            ? CronExpression.Parse(firstService.Mirror.Cron).GetNextOccurrence(now.UtcDateTime) is { } n ? new DateTimeOffset(n, TimeSpan.Zero) : (DateTimeOffset?)null
            : null;
        var mirrorStatus = new MirrorStatus(first.Roles.Active, first.Roles.Standby, first.Roles.MirrorPaused, first.LastRun, first.LastGood, first.Age, next, await interruptedMirror,
            topology.ContinuousService is { } continuous && continuous.Name == firstService.Name ? stream.View : null);
        var running = await leases;
        var interrupted = running is null ? null : await JournalAvailability.OrNullAsync(InterruptedOperation.FindAsync(operations, running, s => services.Find(x => x.Service == s)?.Vip, cancellationToken));
        return new StatusReport(now, first.Roles, [.. nodes.Select(t => t.Result)], first.Vip, mirrorStatus, replicationValue, running is { Count: > 0 } ? running[0] : null, interrupted, unknown, (await known).Outage)
        {
            Services = services,
        };
    }

    private static async Task<IReadOnlyList<RoleState>> StatesAsync(Task<KnownRoleStates> known) => (await known).States;

    private async Task<NodeHealth> NodeAsync(NodeOptions node, Task<CommandOutcome> listing, Task<IReadOnlyList<RoleState>> roleStates, CancellationToken cancellationToken)
    {
        // Its own mail service answers on its own address: probed on the ports of the first service it may run.
        var vip = topology.Services.FirstOrDefault(s => s.MayRunOn(node.NodeName))?.Vip ?? topology.Services[0].Vip;
        var service = probe.ProbeAsync(node.ServiceAddress, vip.ServicePort, vip.ProbeTimeout, cancellationToken);
        var imap = probe.ProbeAsync(node.ServiceAddress, vip.ImapPort, vip.ProbeTimeout, cancellationToken);
        var outcome = await listing;
        var runs = (await roleStates).Where(r => r.Active == node.NodeName).Select(r => r.Service).ToList();
        var role = runs.Count > 0 ? "active" : "standby";
        return new NodeHealth(node.NodeName, role, outcome.Succeeded, outcome.Describe(), await service, await imap)
        {
            Runs = runs,
            Capacity = node.Capacity,
        };
    }

    private async Task<(ReplicationReport? Value, string? Why)> ReplicationAsync(TimeSpan bound, IReadOnlyList<Task<CommandOutcome>> listings, CancellationToken cancellationToken)
    {
        var check = BoundedAsync(replication.CheckAsync, bound, cancellationToken);
        return await NodeCutoff.WaitAsync(check, listings) is { } why ? (null, why) : await check;
    }

    private async Task<CommandOutcome> ListBoundedAsync(NodeName node, TimeSpan bound, CancellationToken cancellationToken)
    {
        var (outcome, _) = await BoundedAsync(ct => vip.ListInterfacesAsync(node, ct), bound, cancellationToken);
        return outcome ?? new TimedOut(node, bound);
    }

    private static async Task<(T? Value, string? Why)> BoundedAsync<T>(Func<CancellationToken, Task<T>> part, TimeSpan bound, CancellationToken cancellationToken)
        where T : class
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(bound);
        try
        {
            // WaitAsync too: even a part that ignored its token cannot hold status past the bound.
            return (await part(deadline.Token).WaitAsync(deadline.Token), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"no answer within {Durations.Format(bound)}");
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
