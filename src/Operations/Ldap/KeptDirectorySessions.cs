using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>
/// One bound session per node kept between replication checks, so a check binds only when a node has none (the first
/// check, or after its session was lost) instead of once per node every time (issue #20: nine binds per status at
/// 8 + 1 hosts). A check takes a node's session for its own use and gives it back when it is still good; a second check
/// at the same time finds none and binds its own, and the one given back second is closed.
/// </summary>
internal sealed class KeptDirectorySessions : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<NodeName, IDirectoryClient> _kept = [];
    private bool _disposed;

    /// <summary>The node's kept session, now the caller's alone; null when there is none.</summary>
    public IDirectoryClient? Take(NodeName node)
    {
        lock (_gate)
        {
            return _kept.Remove(node, out var client) ? client : null;
        }
    }

    /// <summary>Keeps <paramref name="client"/> for the next check; closes it when one is kept already or these are disposed.</summary>
    public void GiveBack(NodeName node, IDirectoryClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        lock (_gate)
        {
            if (!_disposed && _kept.TryAdd(node, client))
            {
                return;
            }
        }

        client.Dispose();
    }

    public void Dispose()
    {
        List<IDirectoryClient> kept;
        lock (_gate)
        {
            _disposed = true;
            kept = [.. _kept.Values];
            _kept.Clear();
        }

        foreach (var client in kept)
        {
            client.Dispose();
        }
    }
}
