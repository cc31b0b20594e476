using MailHa.Operations.Reporting;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Ldap;

/// <summary>Does one node's directory answer: bind, and every replicated suffix readable? Null when yes, else why not.</summary>
public sealed class DirectoryPing(IDirectoryClientFactory clients, IOptions<DirectoryOptions> options)
{
    public async Task<string?> PingAsync(NodeName node, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Value.Timeout * 2);
        try
        {
            var connected = await clients.ConnectAsync(node, deadline.Token);
            if (connected is DirectoryFailed<IDirectoryClient> refused)
            {
                return refused.Fault.Describe();
            }

            using var client = ((DirectoryOk<IDirectoryClient>)connected).Value;
            foreach (var suffix in options.Value.ReplicatedSuffixes)
            {
                if (await client.ReadSuffixStateAsync(suffix, deadline.Token) is DirectoryFailed<SuffixState> failed)
                {
                    return $"{suffix}: {failed.Fault.Describe()}";
                }
            }

            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"{node}'s directory did not answer within {Durations.Format(options.Value.Timeout * 2)}";
        }
    }
}
