using MailHa.Operations.Journal;

namespace MailHa.Operations.Mirror;

/// <summary>
/// A mirror run whose process died mid-pull (killed, or its instance lost): the lease it took was left behind
/// (expired, or its process is gone) and no run ended after it started. The standby's store may hold part of a
/// pull, which is harmless: a pull is safe to repeat, and the next run pulls again and clears this. Until then
/// the standby is as old as the last good run. Nothing to approve: the next scheduled run resumes it, or
/// <c>mirror run</c> now.
/// </summary>
public sealed record InterruptedMirror(string Id, string Trigger, DateTimeOffset StartedAt, string Host)
{
    public const string Resume = "the next scheduled run pulls again; to pull now: '/mail mirror run' or 'mailha mirror run'";

    public string Describe() => $"mirror run {Id} ({Trigger}) started {StartedAt:yyyy-MM-dd HH:mm:ss}Z on {Host} did not finish: its process stopped";

    public static async Task<InterruptedMirror?> FindAsync(OperationLock operationLock, MirrorHistory history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operationLock);
        ArgumentNullException.ThrowIfNull(history);
        if (await operationLock.AbandonedAsync(cancellationToken) is not { Kind: MirrorRunner.LeaseKind } lease)
        {
            return null;
        }

        // Recording the run comes before releasing its lease: a run that ended after the lease was taken finished
        // and only failed to release it (the journal was unreachable for a moment).
        return await history.LastAsync(cancellationToken) is { } last && last.EndedAt >= lease.Since
            ? null
            : new InterruptedMirror(lease.OperationId, lease.Holder, lease.Since, lease.Instance.Split(':')[0]);
    }
}
