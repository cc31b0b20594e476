using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>
/// An operation's hold on its service (<see cref="OperationLock"/>): taken when it starts, waiting out a mirror run in
/// progress (<see cref="MirrorRunWaitLimit"/>), renewed while its steps run, released when it ends.
/// </summary>
public sealed class ServiceLease(OperationLock operationLock, MirrorRunner mirror, TimeProvider time)
{
    /// <summary>
    /// How long an approved operation waits for a mirror run in progress to end. Such a run is bounded, safe, and does
    /// what the catch-up would do; refusing the approval for it would only make two people ask again. An operation
    /// lease held by anything else is refused at once.
    /// </summary>
    public static readonly TimeSpan MirrorRunWaitLimit = TimeSpan.FromMinutes(2);

    /// <summary>The operation running on <paramref name="service"/> (a mirror run does not count: it is waited out), or null.</summary>
    public async Task<OperationLease?> OperationRunningAsync(ServiceName service, CancellationToken cancellationToken) =>
        await operationLock.GetAsync(service, cancellationToken) is { } running && running.Kind != MirrorRunner.LeaseKind ? running : null;

    /// <summary>Takes the lease for <paramref name="operation"/>, waiting out a mirror run in progress; null when taken, else who holds it.</summary>
    public async Task<OperationLease?> AcquireAsync(OperationRecord operation, FailoverRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(request);
        var giveUpAt = time.GetUtcNow() + MirrorRunWaitLimit;
        while (true)
        {
            var (acquired, lease) = await operationLock.TryAcquireAsync(request.Service.Name, operation.Id, request.Kind.ToString().ToLowerInvariant(), request.RequestedBy, cancellationToken);
            if (acquired)
            {
                return null;
            }

            if (lease.Kind != MirrorRunner.LeaseKind || time.GetUtcNow() >= giveUpAt)
            {
                return lease;
            }

            // A run of this process ends when its runner is idle; one on another instance is polled for.
            await mirror.WhenIdleAsync(request.Service.Name, cancellationToken);
            if (await operationLock.GetAsync(request.Service.Name, cancellationToken) is { Kind: MirrorRunner.LeaseKind })
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Keeps the lease taken for <paramref name="operationId"/> renewed until the hold is disposed, which releases it.
    /// If another instance took it over (this one stalled past its expiry), <see cref="Held.Token"/> is cancelled: the
    /// operation stops there, interrupted, and resumes on that instance.
    /// </summary>
    public Held Keep(string operationId, CancellationToken cancellationToken) => new(this, operationId, operationLock.KeepAlive(operationId), cancellationToken);

    public Task ReleaseAsync(string operationId) => operationLock.ReleaseAsync(operationId, CancellationToken.None);

    /// <summary>A lease held while an operation runs.</summary>
    public sealed class Held : IAsyncDisposable
    {
        private readonly ServiceLease _owner;
        private readonly string _operationId;
        private readonly OperationLock.Renewal _renewal;
        private readonly CancellationTokenSource _held;

        internal Held(ServiceLease owner, string operationId, OperationLock.Renewal renewal, CancellationToken cancellationToken)
        {
            (_owner, _operationId, _renewal) = (owner, operationId, renewal);
            _held = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, renewal.Lost);
        }

        /// <summary>Cancelled when the caller cancels or the lease is lost.</summary>
        public CancellationToken Token => _held.Token;

        public async ValueTask DisposeAsync()
        {
            try
            {
                _held.Dispose();
                await _renewal.DisposeAsync();
            }
            finally
            {
                await _owner.ReleaseAsync(_operationId);
            }
        }
    }
}
