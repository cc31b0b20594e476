using MailHa.Operations.Ldap;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Ldap;

/// <summary>
/// Two fake directory servers behind the port. Records every call; simulates replication of canary writes
/// to the peer after a set number of reads there (never, when null).
/// </summary>
internal sealed class FakeDirectory : IDirectoryClientFactory
{
    private readonly Dictionary<NodeName, FakeDirectoryServer> _servers = [];

    public FakeDirectory(params NodeName[] nodes)
    {
        foreach (var node in nodes)
        {
            _servers[node] = new FakeDirectoryServer(node, this);
        }
    }

    public FakeDirectoryServer this[NodeName node] => _servers[node];

    /// <summary>Reads of the peer after a write before the written value shows there; null = never.</summary>
    public int? ReadsUntilReplicated { get; set; } = 1;

    /// <summary>Every call, in order: "jt-mail1 bind", "jt-mail2 state o=pab", "jt-mail1 write cn=...".</summary>
    public List<string> Calls { get; } = [];

    public Task<DirectoryResult<IDirectoryClient>> ConnectAsync(NodeName node, CancellationToken cancellationToken)
    {
        var server = _servers[node];
        Record(node, "bind");
        if (server.BindHangs)
        {
            return new TaskCompletionSource<DirectoryResult<IDirectoryClient>>().Task;
        }

        if (server.BindAnswer is { } answer)
        {
            return answer.Task.ContinueWith<DirectoryResult<IDirectoryClient>>(
                _ => new DirectoryOk<IDirectoryClient>(new Client(server)), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return Task.FromResult<DirectoryResult<IDirectoryClient>>(server.BindFault is { } fault
            ? new DirectoryFailed<IDirectoryClient>(fault)
            : new DirectoryOk<IDirectoryClient>(new Client(server)));
    }

    internal void Record(NodeName node, string call)
    {
        lock (Calls)
        {
            Calls.Add($"{node} {call}");
        }
    }

    internal void Replicate(FakeDirectoryServer from, string dn, Dictionary<string, List<string>> entry)
    {
        if (!from.ReplicatesOut)
        {
            return;
        }

        foreach (var peer in _servers.Values.Where(s => s != from))
        {
            peer.Pending[dn] = (ReadsUntilReplicated, Copy(entry));
        }
    }

    internal static Dictionary<string, List<string>> Copy(Dictionary<string, List<string>> entry) =>
        entry.ToDictionary(a => a.Key, a => a.Value.ToList(), StringComparer.OrdinalIgnoreCase);

    private sealed class Client(FakeDirectoryServer server) : IDirectoryClient
    {
        private readonly int _session = server.Sessions;

        public bool Disposed { get; private set; }

        public Task<DirectoryResult<SuffixState>> ReadSuffixStateAsync(string suffix, CancellationToken cancellationToken)
        {
            server.Directory.Record(server.Node, $"state {suffix}");
            if (_session != server.Sessions)
            {
                return Task.FromResult<DirectoryResult<SuffixState>>(new DirectoryFailed<SuffixState>(new NodeUnreachable(server.Node, "ldap read: Can't contact LDAP server")));
            }

            if (!server.Suffixes.TryGetValue(suffix, out var state))
            {
                throw new InvalidOperationException($"Test did not expect {server.Node} to be asked for suffix '{suffix}'.");
            }

            return Task.FromResult(state);
        }

        public Task<DirectoryResult<AttributeValues>> ReadAttributeAsync(string dn, string attribute, CancellationToken cancellationToken)
        {
            server.Directory.Record(server.Node, $"read {dn} {attribute}");
            if (server.ReadFault is { } fault)
            {
                return Task.FromResult<DirectoryResult<AttributeValues>>(new DirectoryFailed<AttributeValues>(fault));
            }

            server.ApplyPending(dn);
            var found = server.Entries.TryGetValue(dn, out var entry);
            IReadOnlyList<string> values = found && entry!.TryGetValue(attribute, out var v) ? [.. v] : [];
            return Task.FromResult<DirectoryResult<AttributeValues>>(new DirectoryOk<AttributeValues>(new AttributeValues(dn, attribute, found, values)));
        }

        public Task<DirectoryResult<CanaryWritten>> WriteCanaryAsync(CanaryWrite canary, CancellationToken cancellationToken)
        {
            server.Directory.Record(server.Node, $"write {canary.Dn}");
            var created = !server.Entries.TryGetValue(canary.Dn, out var entry);
            if (created)
            {
                entry = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase) { ["objectClass"] = ["top", "applicationProcess"] };
                server.Entries[canary.Dn] = entry;
            }

            entry!["description"] = [canary.Description];
            server.Directory.Replicate(server, canary.Dn, entry);
            return Task.FromResult<DirectoryResult<CanaryWritten>>(new DirectoryOk<CanaryWritten>(new CanaryWritten(canary.Dn, created)));
        }

        public void Dispose()
        {
            Disposed = true;
            server.Directory.Record(server.Node, "unbind");
        }
    }
}

internal sealed class FakeDirectoryServer(NodeName node, FakeDirectory directory)
{
    public NodeName Node { get; } = node;

    public FakeDirectory Directory { get; } = directory;

    public DirectoryFault? BindFault { get; set; }

    public bool BindHangs { get; set; }

    /// <summary>When set, the bind succeeds only once the test completes this.</summary>
    public TaskCompletionSource? BindAnswer { get; set; }

    /// <summary>False to cut this server's outgoing replication (its writes never reach the peer).</summary>
    public bool ReplicatesOut { get; set; } = true;

    public DirectoryFault? ReadFault { get; set; }

    /// <summary>Bumped by <see cref="DropSessions"/>: a session bound before answers every read as a lost connection.</summary>
    public int Sessions { get; private set; }

    /// <summary>The server restarted: every session bound so far is lost; new binds work.</summary>
    public void DropSessions() => Sessions++;

    public Dictionary<string, DirectoryResult<SuffixState>> Suffixes { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, Dictionary<string, List<string>>> Entries { get; } = new(StringComparer.OrdinalIgnoreCase);

    internal Dictionary<string, (int? ReadsLeft, Dictionary<string, List<string>> Entry)> Pending { get; } = new(StringComparer.OrdinalIgnoreCase);

    public void ContextCsns(string suffix, params string[] values) =>
        Suffixes[suffix] = new DirectoryOk<SuffixState>(new ContextCsnState(suffix, values));

    public void Ruv(string suffix, string[] ruv, params ReplicationAgreement[] agreements) =>
        Suffixes[suffix] = new DirectoryOk<SuffixState>(new RuvState(suffix, ruv, agreements));

    public void Fails(string suffix, DirectoryFault fault) =>
        Suffixes[suffix] = new DirectoryFailed<SuffixState>(fault);

    internal void ApplyPending(string dn)
    {
        if (!Pending.TryGetValue(dn, out var pending) || pending.ReadsLeft is not { } left)
        {
            return;
        }

        if (left <= 1)
        {
            Entries[dn] = pending.Entry;
            Pending.Remove(dn);
        }
        else
        {
            Pending[dn] = (left - 1, pending.Entry);
        }
    }
}
