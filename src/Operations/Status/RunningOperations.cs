using MailHa.Operations.Failover;
using MailHa.Operations.Journal;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Status;

/// <summary>
/// What status says of operations, from the leases and the operation journal together: what runs now, and an
/// unfinished operation nobody runs any more (with how to resume it); null when the journal cannot answer.
/// </summary>
public sealed class RunningOperations(OperationLock operationLock, OperationJournal operations)
{
    /// <summary>The live leases of every service.</summary>
    public Task<IReadOnlyList<OperationLease>?> LeasesAsync(CancellationToken cancellationToken) =>
        JournalAvailability.OrNullAsync(operationLock.GetAllAsync(cancellationToken));

    /// <summary>An unfinished operation that none of the <paramref name="running"/> leases holds; <paramref name="vip"/>: each service's VIP holder now.</summary>
    public Task<InterruptedOperation?> InterruptedAsync(IReadOnlyList<OperationLease> running, Func<ServiceName, VipReport?> vip, CancellationToken cancellationToken) =>
        JournalAvailability.OrNullAsync(InterruptedOperation.FindAsync(operations, running, vip, cancellationToken));
}
