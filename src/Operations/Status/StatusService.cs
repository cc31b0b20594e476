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
        var vipBound = Max(ssh.Value.ConnectTimeout, topology.OnlyService.Vip.ProbeTimeout) + TimeSpan.FromSeconds(3);
        var ldapBound = directory.Value.Timeout * 2 + TimeSpan.FromSeconds(1);
        var unknown = new List<string>();

        var known = roles.GetAsync(cancellationToken);
        var state = KnownRoles.StateAsync(known);

        // One SSH command per node, all at once: its interface list is both "reachable" and its view of the VIP,
        // so a dead node's connect timeout is paid once, in parallel with everything else.
        var listings = topology.Nodes.Select(n => ListBoundedAsync(n.NodeName, sshBound, cancellationToken)).ToList();
        var nodes = topology.Nodes.Select((n, i) => NodeAsync(n, listings[i], state, cancellationToken)).ToList();
        var vipReport = BoundedAsync(ct => vip.LocateAsync(listings, ct), vipBound, cancellationToken);
        var replicationReport = ReplicationAsync(ldapBound, listings, cancellationToken);
        var lastRun = JournalAvailability.OrNullAsync(history.LastAsync(cancellationToken));
        var lastGood = JournalAvailability.OrNullAsync(history.LastGoodAsync(cancellationToken));
        var lease = JournalAvailability.OrNullAsync(operationLock.GetAsync(cancellationToken));
        var interruptedMirror = JournalAvailability.OrNullAsync(InterruptedMirror.FindAsync(operationLock, history, cancellationToken));
        await Task.WhenAll(Task.WhenAll(nodes), vipReport, replicationReport, state, lastRun, lastGood, lease, interruptedMirror);

        var (vipValue, vipWhy) = await vipReport;
        if (vipValue is null)
        {
            unknown.Add($"VIP holder: {vipWhy}");
        }

        var (replicationValue, replicationWhy) = await replicationReport;
        if (replicationValue is null)
        {
            unknown.Add($"directory replication: {replicationWhy}");
        }

        var roleState = await state;
        var now = time.GetUtcNow();
        var good = await lastGood;
        var next = topology.OnlyService.Mirror.ScheduleEnabled && !roleState.MirrorPaused
            ? CronExpression.Parse(topology.OnlyService.Mirror.Cron).GetNextOccurrence(now.UtcDateTime) is { } n ? new DateTimeOffset(n, TimeSpan.Zero) : (DateTimeOffset?)null
            : null;
        var mirrorStatus = new MirrorStatus(roleState.Active, roleState.Standby, roleState.MirrorPaused, await lastRun, good, good is null ? null : now - good.StartedAt, next, await interruptedMirror,
            topology.OnlyService.Mirror.Mode == MirrorMode.Continuous ? stream.View : null);
        var interrupted = await JournalAvailability.OrNullAsync(InterruptedOperation.FindAsync(operations, await lease, vipValue, cancellationToken));
        return new StatusReport(now, roleState, [.. nodes.Select(t => t.Result)], vipValue, mirrorStatus, replicationValue, await lease, interrupted, unknown, (await known).Outage);
    }

    private async Task<NodeHealth> NodeAsync(NodeOptions node, Task<CommandOutcome> listing, Task<RoleState> roleState, CancellationToken cancellationToken)
    {
        var vip = topology.OnlyService.Vip;
        var service = probe.ProbeAsync(node.ServiceAddress, vip.ServicePort, vip.ProbeTimeout, cancellationToken);
        var imap = probe.ProbeAsync(node.ServiceAddress, vip.ImapPort, vip.ProbeTimeout, cancellationToken);
        var outcome = await listing;
        var role = (await roleState).Active == node.NodeName ? "active" : "standby";
        return new NodeHealth(node.NodeName, role, outcome.Succeeded, outcome.Describe(), await service, await imap);
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
