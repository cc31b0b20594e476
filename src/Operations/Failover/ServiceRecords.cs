using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>
/// What the journal records of a service that a plan reads: every service's roles and the service's unfinished
/// operation first (where it goes depends on them), then its mirror runs and lease, all at once.
/// </summary>
public sealed class ServiceRecords(RoleStore roles, OperationJournal operations, OperationLock operationLock, MirrorHistory history, MailTopology topology)
{
    /// <summary>Every service's recorded roles and the unfinished operation of <paramref name="service"/>, if any.</summary>
    public async Task<(IReadOnlyList<RoleState> States, OperationRecord? Unfinished)> RolesAsync(ServiceName service, CancellationToken cancellationToken)
    {
        var states = await roles.GetAllAsync(topology.Services, cancellationToken);
        return (states, await operations.UnfinishedAsync(service, cancellationToken));
    }

    /// <summary>The service's last mirror run, last good run and lease, read at once.</summary>
    public async Task<(MirrorRun? LastRun, MirrorRun? LastGood, OperationLease? Lease)> NowAsync(ServiceName service, CancellationToken cancellationToken)
    {
        var lastRun = history.LastAsync(service, cancellationToken);
        var lastGood = history.LastGoodAsync(service, cancellationToken);
        var lease = operationLock.GetAsync(service, cancellationToken);
        await Task.WhenAll(lastRun, lastGood, lease);
        return (await lastRun, await lastGood, await lease);
    }

    /// <summary>The last good mirror run into <paramref name="target"/>: how old its own copy is.</summary>
    public Task<MirrorRun?> CopyOnAsync(ServiceName service, NodeName target, CancellationToken cancellationToken) =>
        history.LastGoodIntoAsync(service, target, cancellationToken);
}
