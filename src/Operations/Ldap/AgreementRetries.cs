using System.Collections.Concurrent;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>
/// Since when each agreement has been seen retrying its consumer, across the checks of this process: a retry that
/// persists past <c>Directory:ConvergenceTimeout</c> is broken, one seen only inside it is a peer coming back. An
/// agreement seen in any other condition starts afresh.
/// </summary>
public sealed class AgreementRetries
{
    private readonly ConcurrentDictionary<(NodeName Node, string Suffix, string Agreement), DateTimeOffset> _since = new();

    /// <summary>Records a sighting at <paramref name="now"/> and returns how long the agreement has been seen retrying.</summary>
    public TimeSpan Observe(NodeName node, string suffix, string agreement, DateTimeOffset now) =>
        now - _since.GetOrAdd((node, suffix, agreement), now);

    /// <summary>The agreement was seen in another condition (replicating, busy, failed otherwise): its retry streak ended.</summary>
    public void Forget(NodeName node, string suffix, string agreement) => _since.TryRemove((node, suffix, agreement), out _);
}
