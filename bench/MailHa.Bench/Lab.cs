using System.Globalization;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.Configuration;

namespace MailHa.Bench;

/// <summary>
/// The lab that bench/run brought up: its verbs (cut, restore, exec), its run directory, the OpenSSH
/// client with the lab's key, config and known hosts, and the VIP placed by hand when a run needs it.
/// Addresses, interface, label and store paths are read from the configuration <c>lab up</c> wrote (as the
/// integration tests' LabScope does); the VIP is placed with the product's own commands.
/// </summary>
internal sealed class Lab
{
    private readonly Lazy<(VipOptions Vip, MirrorOptions Mirror, IReadOnlyList<string> Hosts, IReadOnlyList<NodeOptions> Nodes)> _layout;

    public Lab(string repositoryRoot)
    {
        Root = repositoryRoot;
        RunDirectory = Environment.GetEnvironmentVariable("MAILHA_LAB_RUN") is { Length: > 0 } run ? run : Path.Combine(repositoryRoot, "lab", ".run");

        // Read when first needed: bench/run brings the lab (and its configuration) up after this is made.
        _layout = new(() =>
        {
            var configuration = new ConfigurationBuilder().AddJsonFile(ConfigPath, optional: false).Build();
            var topology = configuration.GetSection(TopologyOptions.Section).Get<TopologyOptions>()!;
            return (topology.Vip ?? throw new InvalidOperationException($"{ConfigPath} has no one-pair MailHa:Vip (the bench runs on the asymmetric lab)"), configuration.GetSection(MirrorOptions.Section).Get<MirrorOptions>()!, [.. topology.Nodes.Select(n => n.Name)], topology.Nodes);
        });
    }

    public string Vip => _layout.Value.Vip.Address;

    public string VipCidr => $"{Vip}/{_layout.Value.Vip.PrefixLength}";

    public string Interface => _layout.Value.Vip.Interface;

    public string Label => _layout.Value.Vip.Label;

    public string StorePath => _layout.Value.Mirror.StorePath;

    public string StateFile => _layout.Value.Mirror.StateFile;

    public IReadOnlyList<string> Hosts => _layout.Value.Hosts;

    /// <summary>The addresses MailHa reaches a node at: its SSH host, service and mirror addresses.</summary>
    public IReadOnlyList<string> Addresses(string host) =>
        [.. _layout.Value.Nodes.Where(n => n.Name == host).SelectMany(n => new[] { n.Host, n.ServiceAddress, n.MirrorAddress }).Where(a => a.Length > 0).Distinct()];

    public VipOptions VipOptions => _layout.Value.Vip;

    public string Root { get; }

    public string Script => Path.Combine(Root, "lab", "lab");

    public string RunDirectory { get; }

    public string ConfigPath => Path.Combine(RunDirectory, "mailha.json");

    public string SshConfig => Path.Combine(RunDirectory, "ssh_config");

    public string SshKey => Path.Combine(RunDirectory, "id_ed25519");

    public static string Peer(string host) => host == "mail1" ? "mail2" : "mail1";

    public static int Index(string host) => host == "mail1" ? 0 : 1;

    /// <summary>A path inside a host's <c>/srv</c>, as seen from the root namespace.</summary>
    public string HostPath(string host, string srvPath) =>
        Path.Combine(RunDirectory, host, "srv", srvPath.StartsWith("/srv/", StringComparison.Ordinal) ? srvPath["/srv/".Length..] : throw new ArgumentException("not under /srv", nameof(srvPath)));

    public async Task VerbAsync(CancellationToken cancellationToken, params string[] args)
    {
        var result = await Proc.RunAsync(Script, args, TimeSpan.FromMinutes(2), cancellationToken);
        if (!result.Ok)
        {
            throw new InvalidOperationException($"lab/lab {string.Join(' ', args)}: {result.Describe()}");
        }
    }

    public Task<ProcResult> ExecAsync(string host, string script, CancellationToken cancellationToken) =>
        Proc.RunAsync(Script, ["exec", host, "sh", "-c", script], TimeSpan.FromMinutes(1), cancellationToken);

    /// <summary>One command over the OpenSSH client, a new connection each time, as an operator would type it.</summary>
    public Task<ProcResult> SshAsync(string host, string command, TimeSpan timeout, CancellationToken cancellationToken) =>
        Proc.RunAsync("ssh", ["-F", SshConfig, "-i", SshKey, host, command], timeout, cancellationToken);

    public async Task<bool> HoldsVipAsync(string host, CancellationToken cancellationToken)
    {
        var result = await Proc.RunAsync("ip", ["-n", $"mha-{host}", "-o", "-4", "addr", "show", "to", Vip + "/32"], TimeSpan.FromSeconds(10), cancellationToken);
        return result.Ok && result.StdOut.Trim().Length > 0;
    }

    public bool IsCut(string host) => File.Exists(Path.Combine(RunDirectory, "faults", $"cut-{host}"));

    /// <summary>Back to a known state: no fault, the VIP on exactly <paramref name="holder"/>, no roles state files, the VIP answering from it.</summary>
    public async Task NormalizeAsync(string holder, CancellationToken cancellationToken)
    {
        var peer = Peer(holder);
        // The product's own fence: it also stops an announce a MailHa run left going on the peer.
        foreach (var drop in VipCommands.Drop(NodePlatform.Linux, _layout.Value.Vip))
        {
            await MustAsync(ExecAsync(peer, drop.Text, cancellationToken), "drop the VIP");
        }

        foreach (var host in Hosts)
        {
            if (IsCut(host))
            {
                await VerbAsync(cancellationToken, "restore", host);
            }
        }

        foreach (var raise in VipCommands.Raise(NodePlatform.Linux, _layout.Value.Vip))
        {
            await MustAsync(ExecAsync(holder, raise.Text, cancellationToken), "raise the VIP");
        }

        foreach (var host in Hosts)
        {
            File.Delete(HostPath(host, StateFile));
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        if ((await VipWatch.WaitForAsync(Vip, holder, Peer(holder), clock, TimeSpan.FromSeconds(2), cancellationToken)).Target is null)
        {
            await ExecAsync(holder, $"arping -q -U -c 2 -I {Interface} {Vip}", cancellationToken);
            if ((await VipWatch.WaitForAsync(Vip, holder, Peer(holder), clock, TimeSpan.FromSeconds(10), cancellationToken)).Target is null)
            {
                throw new InvalidOperationException($"the VIP does not answer from {holder} after placing it there by hand");
            }
        }
    }

    /// <summary>Who holds the VIP now: the one holder, or null when it is none or both.</summary>
    public async Task<string?> HolderAsync(CancellationToken cancellationToken)
    {
        var holders = new List<string>();
        foreach (var host in Hosts)
        {
            if (await HoldsVipAsync(host, cancellationToken))
            {
                holders.Add(host);
            }
        }

        return holders.Count == 1 ? holders[0] : null;
    }

    public static long ReadCounter(string link, string counter) =>
        long.Parse(File.ReadAllText($"/sys/class/net/{link}/statistics/{counter}").Trim(), NumberStyles.None, CultureInfo.InvariantCulture);

    private static async Task MustAsync(Task<ProcResult> run, string what)
    {
        var result = await run;
        if (!result.Ok)
        {
            throw new InvalidOperationException($"{what}: {result.Describe()}");
        }
    }
}
