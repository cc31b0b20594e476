using MailHa.Operations.Ldap;
using MailHa.Operations.Mirror;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Tests.Fakes;

/// <summary>
/// Fakes of the network ports (SSH, TCP probe, LDAP) for two nodes, <c>mail1</c> and <c>mail2</c>. Commands are
/// answered by their name, never by their text: a node can be down, hold the VIP, lack its store's sentinel, and
/// the pull can be given any outcome. Every command asked is recorded in order (<c>node:name</c>).
/// </summary>
public sealed class FakeNodes : IRemoteShell, IServiceProbe, IDirectoryClientFactory
{
    private readonly Lock _gate = new();
    private readonly List<string> _commands = [];
    private readonly HashSet<string> _down = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _failing = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _holders = new(StringComparer.OrdinalIgnoreCase) { "mail1" };

    /// <summary>What the pull (<c>rsync-pull</c>) comes to; a clean transfer by default.</summary>
    public Func<NodeName, CommandOutcome> Pull { get; set; } = node => new Exited(node, 0, RsyncOutput(100), "", TimeSpan.FromSeconds(1));

    /// <summary>Regular files the source's store holds, or null when its sentinel is missing.</summary>
    public long? SourceFiles { get; set; } = 100;

    /// <summary>Held before a pull answers, so a test can start a second run meanwhile.</summary>
    public TaskCompletionSource? PullGate { get; set; }

    /// <summary>The command <see cref="PullGate"/> holds (the mirror pull unless a test names another).</summary>
    public string GatedCommand { get; set; } = "rsync-pull";

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

    /// <summary>The node stops answering over SSH, on its service address and on the VIP.</summary>
    public void Kill(string node)
    {
        lock (_gate)
        {
            _down.Add(node);
        }
    }

    /// <summary>The command named <paramref name="name"/> exits 1 on <paramref name="node"/> and changes nothing.</summary>
    public void Fail(string node, string name)
    {
        lock (_gate)
        {
            _failing.Add($"{node}:{name}");
        }
    }

    /// <summary>The node answers again.</summary>
    public void Revive(string node)
    {
        lock (_gate)
        {
            _down.Remove(node);
        }
    }

    public bool HoldsVip(string node)
    {
        lock (_gate)
        {
            return _holders.Contains(node);
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
        bool down;
        lock (_gate)
        {
            _commands.Add($"{node}:{command.Name}");
            down = _down.Contains(node.Value);
        }

        if (down)
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

            return command.Name switch
            {
                "rsync-pull" => Pull(node),
                "count-source" when SourceFiles is null => new Exited(node, MirrorScript.SentinelMissing, "", "mailha-guard: no sentinel", TimeSpan.Zero),
                "count-source" => Ok(node, $"{SourceFiles}\n"),
                "list-addresses" => Ok(node, _holders.Contains(node.Value) ? "2: eth0    inet 198.18.15.10/24 scope global secondary eth0:mail\n" : "2: eth0    inet 198.18.15.1/24 scope global eth0\n"),
                "duplicate-address-probe" => _holders.Any(h => h != node.Value && !_down.Contains(h))
                    ? new Exited(node, 1, "", "", TimeSpan.Zero)
                    : Ok(node, ""),
                "ip-addr-add" => Changed(node, _holders.Add(node.Value)),
                "ip-addr-del" => Changed(node, _holders.Remove(node.Value)),
                _ => Ok(node, ""),
            };
        }
    }

    public Task<ServiceAnswer> ProbeAsync(string address, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var answering = _holders.Where(h => !_down.Contains(h)).ToList();
            return Task.FromResult<ServiceAnswer>(address switch
            {
                "198.18.15.10" when answering.Count == 0 => new Silent("no answer"),
                "198.18.15.10" => new Answered($"220 {answering[0]}.lab ESMTP"),
                "198.18.15.1" when _down.Contains("mail1") => new Silent("no answer"),
                "198.18.15.1" => new Answered("220 mail1.lab ESMTP"),
                _ when _down.Contains("mail2") => new Silent("no answer"),
                _ => new Answered("220 mail2.lab ESMTP"),
            });
        }
    }

    public Task<DirectoryResult<IDirectoryClient>> ConnectAsync(NodeName node, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<DirectoryResult<IDirectoryClient>>(_down.Contains(node.Value)
                ? new DirectoryFailed<IDirectoryClient>(new NodeUnreachable(node, "connection refused"))
                : new DirectoryOk<IDirectoryClient>(new InSyncClient()));
        }
    }

    private static Exited Ok(NodeName node, string stdout) => new(node, 0, stdout, "", TimeSpan.Zero);

    private static Exited Changed(NodeName node, bool _) => Ok(node, "");

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
