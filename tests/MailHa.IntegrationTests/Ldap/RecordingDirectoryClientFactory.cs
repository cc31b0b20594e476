using System.Collections.Concurrent;
using MailHa.Operations.Ldap;
using MailHa.Operations.Topology;

namespace MailHa.IntegrationTests.Ldap;

/// <summary>The real directory clients, noting every suffix whose replication state is read and on which node.</summary>
public sealed class RecordingDirectoryClientFactory(IDirectoryClientFactory inner) : IDirectoryClientFactory
{
    private readonly ConcurrentQueue<(NodeName Node, string Suffix)> _suffixReads = new();

    public IReadOnlyList<(NodeName Node, string Suffix)> SuffixReads => [.. _suffixReads];

    public async Task<DirectoryResult<IDirectoryClient>> ConnectAsync(NodeName node, CancellationToken cancellationToken)
    {
        var connected = await inner.ConnectAsync(node, cancellationToken);
        return connected is DirectoryOk<IDirectoryClient> { Value: var client }
            ? new DirectoryOk<IDirectoryClient>(new RecordingClient(node, client, _suffixReads))
            : connected;
    }

    private sealed class RecordingClient(NodeName node, IDirectoryClient client, ConcurrentQueue<(NodeName, string)> suffixReads) : IDirectoryClient
    {
        public Task<DirectoryResult<SuffixState>> ReadSuffixStateAsync(string suffix, CancellationToken cancellationToken)
        {
            suffixReads.Enqueue((node, suffix));
            return client.ReadSuffixStateAsync(suffix, cancellationToken);
        }

        public Task<DirectoryResult<AttributeValues>> ReadAttributeAsync(string dn, string attribute, CancellationToken cancellationToken) =>
            client.ReadAttributeAsync(dn, attribute, cancellationToken);

        public Task<DirectoryResult<CanaryWritten>> WriteCanaryAsync(CanaryWrite canary, CancellationToken cancellationToken) =>
            client.WriteCanaryAsync(canary, cancellationToken);

        public void Dispose() => client.Dispose();
    }
}
