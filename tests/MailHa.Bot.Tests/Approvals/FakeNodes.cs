using MailHa.Operations.Ldap;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Bot.Tests.Approvals;

/// <summary>
/// Fakes of the network ports (SSH, TCP probe, LDAP) for a two-node system whose VIP holder the test
/// can move: enough for plans, fingerprints and status without a lab.
/// </summary>
public sealed class FakeNodes : IRemoteShell, IServiceProbe, IDirectoryClientFactory
{
    public string VipHolder { get; set; } = "mail1";

    public List<string> Commands { get; } = [];

    /// <summary>When set, listing a node's addresses waits for it (a gather stays in flight).</summary>
    public Task? Hold { get; set; }

    /// <summary>When set, both nodes report holding the VIP (split brain).</summary>
    public bool SplitBrain { get; set; }

    /// <summary>Nodes that SSH cannot reach.</summary>
    public HashSet<string> Unreachable { get; } = [];

    /// <summary>Nodes cut off the network (<c>lab cut</c>): nothing of them answers, neither SSH, SMTP, the VIP they hold, ARP nor the directory.</summary>
    public HashSet<string> Cut { get; } = [];

    /// <summary>What each node's roles state file holds (by node name); a node not listed has none.</summary>
    public Dictionary<string, string> StateFiles { get; } = new(StringComparer.Ordinal);

    public async Task<CommandOutcome> RunAsync(NodeName node, RemoteCommand command, CancellationToken cancellationToken)
    {
        if (command.Name == "list-addresses" && Hold is { } hold)
        {
            await hold.WaitAsync(cancellationToken);
        }

        lock (Commands)
        {
            if (Unreachable.Contains(node.Value) || Cut.Contains(node.Value))
            {
                return new Unreachable(node, "connection refused");
            }

            Commands.Add($"{node}:{command.Name}");
            switch (command.Name)
            {
                case "ip-addr-add":
                    VipHolder = node.Value;
                    break;
                case "ip-addr-del" when VipHolder == node.Value:
                    VipHolder = "";
                    break;
                default:
                    break;
            }
        }

        var output = command.Name switch
        {
            "list-addresses" when node.Value == VipHolder || SplitBrain => "2: eth0    inet 198.18.15.10/24 scope global secondary eth0:mail\n",
            "count-source" => "120\n",
            "read-state-file" => StateFiles.GetValueOrDefault(node.Value, ""),
            _ => "",
        };
        var code = command.Name == "vip-arp-presence" && (VipHolder.Length == 0 || VipHolder == node.Value || Cut.Contains(VipHolder)) ? 1 : 0;
        return new Exited(node, code, output, "", TimeSpan.Zero);
    }

    public Task<ServiceAnswer> ProbeAsync(string address, int port, TimeSpan timeout, CancellationToken cancellationToken) =>
        Task.FromResult<ServiceAnswer>(address switch
        {
            "198.18.15.10" when VipHolder.Length == 0 || Cut.Contains(VipHolder) => new Silent("timeout"),
            "198.18.15.10" => new Answered($"220 {VipHolder}.lab ESMTP"),
            "198.18.15.1" when Cut.Contains("mail1") => new Silent("timeout"),
            "198.18.15.1" => new Answered("220 mail1.lab ESMTP"),
            _ when Cut.Contains("mail2") => new Silent("timeout"),
            _ => new Answered("220 mail2.lab ESMTP"),
        });

    public Task<DirectoryResult<IDirectoryClient>> ConnectAsync(NodeName node, CancellationToken cancellationToken) =>
        Task.FromResult<DirectoryResult<IDirectoryClient>>(Cut.Contains(node.Value)
            ? new DirectoryFailed<IDirectoryClient>(new NodeUnreachable(node, "connection refused"))
            : new DirectoryOk<IDirectoryClient>(new Client()));

    private sealed class Client : IDirectoryClient
    {
        public Task<DirectoryResult<SuffixState>> ReadSuffixStateAsync(string suffix, CancellationToken cancellationToken) =>
            Task.FromResult<DirectoryResult<SuffixState>>(new DirectoryOk<SuffixState>(new ContextCsnState(suffix, ["20261125120000.000000Z#000000#001#000000", "20261125120000.000000Z#000000#002#000000"])));

        public Task<DirectoryResult<AttributeValues>> ReadAttributeAsync(string dn, string attribute, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<DirectoryResult<CanaryWritten>> WriteCanaryAsync(CanaryWrite canary, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public void Dispose()
        {
        }
    }
}
