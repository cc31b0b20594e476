using MailHa.Operations.Journal;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Mirror;

/// <summary>
/// A mirror run whose process died mid-pull (killed, or its instance lost): the lease it took was left behind
/// (expired, or its process is gone) and no run ended after it started. The standby's store may hold part of a
/// pull, which is harmless: a pull is safe to repeat, and the next run pulls again and clears this. Until then
/// the standby is as old as the last good run. Nothing to approve: the next scheduled run resumes it, or
/// <c>mirror run</c> now.
/// </summary>
public sealed record InterruptedMirror(ServiceName Service, string Id, string Trigger, DateTimeOffset StartedAt, string Host)
{
    public const string Resume = "the next scheduled run pulls again; to pull now: '/mail mirror run' or 'mailha mirror run'";

    public string Describe() => $"{Service} mirror run {Id} ({Trigger}) started {StartedAt:yyyy-MM-dd HH:mm:ss}Z on {Host} did not finish: its process stopped";

    /// <summary>The first service (by name) whose mirror run was interrupted, if any.</summary>
    public static async Task<InterruptedMirror?> FindAsync(OperationLock operationLock, MirrorHistory history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operationLock);
        ArgumentNullException.ThrowIfNull(history);
        foreach (var lease in (await operationLock.AbandonedAsync(cancellationToken)).Where(l => l.Kind == MirrorRunner.LeaseKind))
        {
            // Recording the run comes before releasing its lease: a run that ended after the lease was taken finished
            // and only failed to release it (the journal was unreachable for a moment).
            if (await history.LastAsync(lease.Service, cancellationToken) is not { } last || last.EndedAt < lease.Since)
            {
                return new InterruptedMirror(lease.Service, lease.OperationId, lease.Holder, lease.Since, lease.Instance.Split(':')[0]);
            }
        }

        return null;
    }
}
