using MailHa.Operations.Failover;
using MailHa.Operations.Jobs;
using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Bot.Alerts;

/// <summary>
/// What the journal says is interrupted now: an operation or a mirror run whose lease ran out before it ended (its
/// process was killed, or its instance died), and when the first lease still held runs out. What
/// <see cref="InterruptedOperationWatch"/> looks at; it decides when to look and what to say.
/// </summary>
public sealed class InterruptedWork(OperationJournal operations, OperationLock operationLock, MirrorHistory mirrors, VipLocator vip, MailTopology topology)
{
    /// <summary>The interrupted operation, if any, as the journal has it (no node is asked).</summary>
    public async Task<InterruptedOperation?> OperationAsync(CancellationToken cancellationToken) =>
        await InterruptedOperation.FindAsync(operations, await operationLock.GetAllAsync(cancellationToken), null, cancellationToken);

    /// <summary><paramref name="interrupted"/> with its service's VIP as it is now, from the nodes (when it is said, not on every look).</summary>
    public async Task<InterruptedOperation> WithVipNowAsync(InterruptedOperation interrupted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(interrupted);
        var vipNow = topology.TryGetService(interrupted.Service, out var service) ? await vip.LocateAsync(service, cancellationToken) : null;
        return await InterruptedOperation.FindAsync(operations, await operationLock.GetAllAsync(cancellationToken), s => s == interrupted.Service ? vipNow : null, cancellationToken) ?? interrupted;
    }

    /// <summary>The interrupted mirror run, if any.</summary>
    public Task<InterruptedMirror?> MirrorAsync(CancellationToken cancellationToken) =>
        InterruptedMirror.FindAsync(operationLock, mirrors, cancellationToken);

    /// <summary>When the first lease that still covers an operation or a mirror run runs out (null: none is held).</summary>
    public async Task<DateTimeOffset?> EarliestExpiryAsync(CancellationToken cancellationToken) =>
        (await operationLock.GetAllAsync(cancellationToken)).Select(l => (DateTimeOffset?)l.ExpiresAt).Min();
}
