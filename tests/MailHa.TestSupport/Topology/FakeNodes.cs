using MailHa.Operations.Ldap;
using MailHa.Operations.Mirror;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.TestSupport.Topology;

/// <summary>
/// Fakes of the network ports (SSH, TCP probe, LDAP) for two nodes, <c>mail1</c> and <c>mail2</c>. Commands are
/// answered by their name, never by their text: a node can be cut off or unreachable over SSH, hold the VIP (both
/// can: split brain), lack its store's sentinel, fail a named command, and the pull can be given any outcome.
/// Every command asked is recorded in order (<c>node:name</c>), answered or not.
/// </summary>
public sealed class FakeNodes : IRemoteShell, IServiceProbe, IDirectoryClientFactory
{
    private const string Vip = "198.18.15.10";

    private readonly Lock _gate = new();
    private readonly List<string> _commands = [];
    private readonly HashSet<string> _failing = new(StringComparer.OrdinalIgnoreCase);

    // In the order they took the VIP: the last one is the holder a client reaches.
    private readonly List<string> _holders = ["mail1"];

    public FakeNodes()
    {
        Cut = new NodeSet(_gate);
        Unreachable = new NodeSet(_gate);
    }

    /// <summary>Nodes cut off the network (<c>lab cut</c>): nothing of them answers, neither SSH, SMTP, the VIP they hold, ARP nor the directory.</summary>
    public NodeSet Cut { get; }

    /// <summary>Nodes SSH cannot reach (everything else of them answers).</summary>
    public NodeSet Unreachable { get; }

    /// <summary>What each node's roles state file holds (by node name); a node not listed has none.</summary>
    public Dictionary<string, string> StateFiles { get; } = new(StringComparer.Ordinal);

    /// <summary>What each node's copy of the continuous mirror's heartbeat file holds (<c>mirror-heartbeat-read</c>); none by default.</summary>
    public Dictionary<string, string> HeartbeatCopies { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every node reports holding the VIP (split brain), whoever took it.</summary>
    public bool SplitBrain { get; set; }

    /// <summary>
    /// The node a client of the VIP reaches (the last to take it), or "" when none holds it. Setting it moves the VIP
    /// there by hand, from whoever held it.
    /// </summary>
    public string VipHolder
    {
        get
        {
            lock (_gate)
            {
                return _holders.Count > 0 ? _holders[^1] : "";
            }
        }

        set
        {
            lock (_gate)
            {
                _holders.Clear();
                if (value.Length > 0)
                {
                    _holders.Add(value);
                }
            }
        }
    }

    /// <summary>What the pull (<c>rsync-pull</c>, and a stream's batch, <c>rsync-pull-paths</c>) comes to; a clean transfer by default.</summary>
    public Func<NodeName, CommandOutcome> Pull { get; set; } = node => new Exited(node, 0, RsyncOutput(100), "", TimeSpan.FromSeconds(1));

    /// <summary>Messages for the store a node's MTA still holds at the end of its drain (<c>drain-mail</c> prints <c>queued N</c>); none by default.</summary>
    public Dictionary<string, int> QueuedMail { get; } = new(StringComparer.Ordinal);

    /// <summary>Regular files the source's store holds, or null when its sentinel is missing.</summary>
    public long? SourceFiles { get; set; } = 100;

    /// <summary>Held before <see cref="GatedCommand"/> answers, so a test can start a second run meanwhile.</summary>
    public TaskCompletionSource? PullGate { get; set; }

    /// <summary>The command <see cref="PullGate"/> holds (the mirror pull unless a test names another).</summary>
    public string GatedCommand { get; set; } = "rsync-pull";

    /// <summary>When set, listing a node's addresses waits for it (a gather stays in flight).</summary>
    public Task? Hold { get; set; }

    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_gate)
            {
                return [.. _commands];
            }
        }
    }

    public IReadOnlyList<string> CommandsTo(string node) =>
        [.. Commands.Where(c => c.StartsWith(node + ":", StringComparison.Ordinal)).Select(c => c[(node.Length + 1)..])];

    /// <summary>The node stops answering over SSH, on its service address and on the VIP (it is cut off).</summary>
    public void Kill(string node) => Cut.Add(node);

    /// <summary>The node answers again.</summary>
    public void Revive(string node) => Cut.Remove(node);

    /// <summary>The command named <paramref name="name"/> exits 1 on <paramref name="node"/> and changes nothing.</summary>
    public void Fail(string node, string name)
    {
        lock (_gate)
        {
            _failing.Add($"{node}:{name}");
        }
    }

    public bool HoldsVip(string node)
    {
        lock (_gate)
        {
            return _holders.Contains(node, StringComparer.OrdinalIgnoreCase);
        }
    }

    /// <summary>The stats part of <c>rsync --stats</c> output for a store of <paramref name="files"/> regular files.</summary>
    public static string RsyncOutput(long files) => $"""
        Number of files: {files + 10} (reg: {files}, dir: 10)
        Number of created files: 0
        Number of deleted files: 0
        Number of regular files transferred: 0
        Total file size: 1000 bytes
        Total transferred file size: 0 bytes
        Total bytes sent: 100
        Total bytes received: 200
        """;

    public async Task<CommandOutcome> RunAsync(NodeName node, RemoteCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Name == "list-addresses" && Hold is { } hold)
        {
            await hold.WaitAsync(cancellationToken);
        }

        bool unreachable;
        lock (_gate)
        {
            _commands.Add($"{node}:{command.Name}");
            unreachable = Cut.ContainsLocked(node.Value) || Unreachable.ContainsLocked(node.Value);
        }

        if (unreachable)
        {
            return new Unreachable(node, "connection refused");
        }

        if (command.Name == GatedCommand && PullGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        lock (_gate)
        {
            if (_failing.Contains($"{node}:{command.Name}"))
            {
                return new Exited(node, 1, "", $"{command.Name} failed", TimeSpan.Zero);
            }

            var others = _holders.Where(h => !string.Equals(h, node.Value, StringComparison.OrdinalIgnoreCase) && !Cut.ContainsLocked(h));
            return command.Name switch
            {
                "rsync-pull" or "rsync-pull-paths" => Pull(node),
                "mirror-heartbeat-read" => Ok(node, HeartbeatCopies.GetValueOrDefault(node.Value, "")),
                "count-source" when SourceFiles is null => new Exited(node, MirrorScript.SentinelMissing, "", "mailha-guard: no sentinel", TimeSpan.Zero),
                "count-source" => Ok(node, $"{SourceFiles}\n"),
                "list-addresses" => Ok(node, SplitBrain || _holders.Contains(node.Value, StringComparer.OrdinalIgnoreCase)
                    ? $"2: eth0    inet {Vip}/24 scope global secondary eth0:mail\n"
                    : "2: eth0    inet 198.18.15.1/24 scope global eth0\n"),
                "duplicate-address-probe" => others.Any() ? new Exited(node, 1, "", "", TimeSpan.Zero) : Ok(node, ""),
                "vip-arp-presence" => others.Any() ? Ok(node, "") : new Exited(node, 1, "", "", TimeSpan.Zero),
                "ip-addr-add" => Took(node),
                "ip-addr-del" => Released(node),
                "read-state-file" => Ok(node, StateFiles.GetValueOrDefault(node.Value, "")),
                "drain-mail" => Ok(node, $"queued {QueuedMail.GetValueOrDefault(node.Value)}\n"),
                _ => Ok(node, ""),
            };
        }
    }

    public Task<ServiceAnswer> ProbeAsync(string address, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var answering = _holders.Where(h => !Cut.ContainsLocked(h)).ToList();
            return Task.FromResult<ServiceAnswer>(address switch
            {
                Vip when answering.Count == 0 => new Silent("no answer"),
                Vip => new Answered($"220 {answering[^1]}.lab ESMTP"),
                "198.18.15.1" when Cut.ContainsLocked("mail1") => new Silent("no answer"),
                "198.18.15.1" => new Answered("220 mail1.lab ESMTP"),
                "198.18.15.3" when Cut.ContainsLocked("mail3") => new Silent("no answer"),
                "198.18.15.3" => new Answered("220 mail3.lab ESMTP"),
                _ when Cut.ContainsLocked("mail2") => new Silent("no answer"),
                _ => new Answered("220 mail2.lab ESMTP"),
            });
        }
    }

    public Task<DirectoryResult<IDirectoryClient>> ConnectAsync(NodeName node, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<DirectoryResult<IDirectoryClient>>(Cut.ContainsLocked(node.Value)
                ? new DirectoryFailed<IDirectoryClient>(new NodeUnreachable(node, "connection refused"))
                : new DirectoryOk<IDirectoryClient>(new InSyncClient()));
        }
    }

    private static Exited Ok(NodeName node, string stdout) => new(node, 0, stdout, "", TimeSpan.Zero);

    private Exited Took(NodeName node)
    {
        _holders.RemoveAll(h => string.Equals(h, node.Value, StringComparison.OrdinalIgnoreCase));
        _holders.Add(node.Value);
        return Ok(node, "");
    }

    private Exited Released(NodeName node)
    {
        _holders.RemoveAll(h => string.Equals(h, node.Value, StringComparison.OrdinalIgnoreCase));
        return Ok(node, "");
    }

    /// <summary>A set of node names shared with the fake's own reads (thread-safe).</summary>
    public sealed class NodeSet(Lock gate)
    {
        private readonly HashSet<string> _nodes = new(StringComparer.OrdinalIgnoreCase);

        public void Add(string node)
        {
            lock (gate)
            {
                _nodes.Add(node);
            }
        }

        public void Remove(string node)
        {
            lock (gate)
            {
                _nodes.Remove(node);
            }
        }

        public void UnionWith(IEnumerable<string> nodes)
        {
            lock (gate)
            {
                _nodes.UnionWith(nodes);
            }
        }

        public void Clear()
        {
            lock (gate)
            {
                _nodes.Clear();
            }
        }

        public bool Contains(string node)
        {
            lock (gate)
            {
                return _nodes.Contains(node);
            }
        }

        internal bool ContainsLocked(string node) => _nodes.Contains(node);
    }

    /// <summary>Both masters at the same contextCSN: replication in sync.</summary>
    private sealed class InSyncClient : IDirectoryClient
    {
        public Task<DirectoryResult<SuffixState>> ReadSuffixStateAsync(string suffix, CancellationToken cancellationToken) =>
            Task.FromResult<DirectoryResult<SuffixState>>(new DirectoryOk<SuffixState>(new ContextCsnState(suffix, ["20261125120000.000000Z#000000#001#000000", "20261125120000.000000Z#000000#002#000000"])));

        public Task<DirectoryResult<AttributeValues>> ReadAttributeAsync(string dn, string attribute, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the probe is not faked");

        public Task<DirectoryResult<CanaryWritten>> WriteCanaryAsync(CanaryWrite canary, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the probe is not faked");

        public void Dispose()
        {
        }
    }
}
