using System.Collections.Concurrent;

namespace MailHa.Bot.Approvals;

/// <summary>
/// Where requests and their decisions are kept (in memory today): the one class to change to make them
/// survive a restart. Bounded: decided requests beyond <see cref="Capacity"/> are forgotten, oldest first.
/// </summary>
public sealed class ApprovalStore
{
    public const int Capacity = 1_000;
    private readonly ConcurrentDictionary<string, PendingApproval> _requests = new(StringComparer.Ordinal);

    public Task AddAsync(PendingApproval pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        _requests[pending.Id] = pending;
        foreach (var old in _requests.Values.Where(r => r.State != ApprovalState.Pending).OrderBy(r => r.CreatedAt).Take(Math.Max(0, _requests.Count - Capacity)))
        {
            _requests.TryRemove(old.Id, out _);
        }

        return Task.CompletedTask;
    }

    /// <summary>Records a change of state, decision or cards of a request already added.</summary>
    public Task SaveAsync(PendingApproval pending, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<PendingApproval?> FindAsync(string requestId, CancellationToken cancellationToken) =>
        Task.FromResult(_requests.GetValueOrDefault(requestId));

    /// <summary>Requests still waiting for a decision, oldest first.</summary>
    public Task<IReadOnlyList<PendingApproval>> PendingAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PendingApproval>>([.. _requests.Values.Where(r => r.State == ApprovalState.Pending).OrderBy(r => r.CreatedAt)]);
}
