using MailHa.Operations.Topology;
using Microsoft.Extensions.Logging;

namespace MailHa.Operations.Ldap;

/// <summary>Bound sessions on the nodes for one check or probe, opened in parallel; a node that failed keeps its fault.</summary>
internal sealed class DirectorySessions : IDisposable
{
    private readonly Dictionary<NodeName, DirectoryResult<IDirectoryClient>> _sessions;

    private DirectorySessions(Dictionary<NodeName, DirectoryResult<IDirectoryClient>> sessions) => _sessions = sessions;

    public static async Task<DirectorySessions> OpenAsync(
        IDirectoryClientFactory factory,
        IReadOnlyList<NodeName> nodes,
        TimeSpan timeout,
        TimeProvider time,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var opening = nodes
            .Select(node => DirectoryCalls.BoundedAsync(node, "bind", ct => factory.ConnectAsync(node, ct), timeout, time, logger, cancellationToken))
            .ToArray();
        try
        {
            var results = await Task.WhenAll(opening);
            return new DirectorySessions(nodes.Zip(results).ToDictionary(p => p.First, p => p.Second));
        }
        catch
        {
            foreach (var done in opening.Where(t => t.IsCompletedSuccessfully))
            {
                (done.Result as DirectoryOk<IDirectoryClient>)?.Value.Dispose();
            }

            throw;
        }
    }

    public DirectoryResult<IDirectoryClient> this[NodeName node] => _sessions[node];

    public void Dispose()
    {
        foreach (var session in _sessions.Values)
        {
            (session as DirectoryOk<IDirectoryClient>)?.Value.Dispose();
        }
    }
}
