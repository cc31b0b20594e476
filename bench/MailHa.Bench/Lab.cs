using System.Globalization;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using MailHa.TestSupport.Lab;
using Microsoft.Extensions.Configuration;

namespace MailHa.Bench;

/// <summary>
/// The lab that bench/run brought up: its verbs (cut, restore, exec), its run directory, the OpenSSH
/// client with the lab's key, config and known hosts. Addresses, interface, label and store paths are read from the
/// configuration <c>lab up</c> wrote; the lab is reset with the integration tests' own baseline
/// (<see cref="LabBaseline"/>, in MailHa.TestSupport), and its verbs run through the same <see cref="LabScript"/>.
/// </summary>
internal sealed class Lab
{
    private Lazy<(VipOptions? Vip, MirrorOptions Mirror, IReadOnlyList<string> Hosts, IReadOnlyList<NodeOptions> Nodes)> _layout = null!;
    private Lazy<LabBaseline> _baseline = null!;

    public Lab(string repositoryRoot)
    {
        Verbs = new LabScript(repositoryRoot);
        Reload();
    }

    /// <summary><c>lab/lab</c>, as the integration tests run it.</summary>
    public LabScript Verbs { get; }

    /// <summary>The baseline of the lab that is up (every service's VIP home, no fault, every daemon running, no state file).</summary>
    public LabBaseline Baseline => _baseline.Value;

    public string Vip => VipOptions.Address;

    public string VipCidr => $"{Vip}/{VipOptions.PrefixLength}";

    public string Interface => VipOptions.Interface;

    public string Label => VipOptions.Label;

    public string StorePath => _layout.Value.Mirror.StorePath;

    public string StateFile => _layout.Value.Mirror.StateFile;

    public IReadOnlyList<string> Hosts => _layout.Value.Hosts;

    /// <summary>The addresses MailHa reaches a node at: its SSH host, service and mirror addresses.</summary>
    public IReadOnlyList<string> Addresses(string host) =>
        [.. _layout.Value.Nodes.Where(n => n.Name == host).SelectMany(n => new[] { n.Host, n.ServiceAddress, n.MirrorAddress }).Where(a => a.Length > 0).Distinct()];

    /// <summary>The one pair's VIP (<c>MailHa:Vip</c>): only the asymmetric lab has one; the soak reads every service's from <see cref="Baseline"/>.</summary>
    public VipOptions VipOptions => _layout.Value.Vip ?? throw new InvalidOperationException($"{ConfigPath} has no one-pair MailHa:Vip (this bench runs on the asymmetric lab)");

    public string Root => Verbs.RepositoryRoot;

    public string Script => Verbs.Path;

    public string RunDirectory => Verbs.RunDirectory;

    public string ConfigPath => Verbs.ConfigPath;

    public string SshConfig => Path.Combine(RunDirectory, "ssh_config");

    public string SshKey => Path.Combine(RunDirectory, "id_ed25519");

    public static string Peer(string host) => host == "mail1" ? "mail2" : "mail1";

    public static int Index(string host) => host == "mail1" ? 0 : 1;

    /// <summary>A path inside a host's <c>/srv</c>, as seen from the root namespace.</summary>
    public string HostPath(string host, string srvPath) =>
        Path.Combine(RunDirectory, host, "srv", srvPath.StartsWith("/srv/", StringComparison.Ordinal) ? srvPath["/srv/".Length..] : throw new ArgumentException("not under /srv", nameof(srvPath)));

    public async Task VerbAsync(CancellationToken cancellationToken, params string[] args)
    {
        var (code, output) = await Verbs.TryRunAsync(TimeSpan.FromMinutes(2), args, cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException($"lab/lab {string.Join(' ', args)} failed ({code}): {output.Trim()}");
        }
    }

    /// <summary>
    /// <c>lab up</c> with <paramref name="args"/> (another topology: the lab that is up is torn down first), then
    /// reads the new configuration. Returns how long <c>up</c> took.
    /// </summary>
    public async Task<TimeSpan> UpAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (code, output) = await Verbs.TryRunAsync(TimeSpan.FromMinutes(6), ["up", .. args], cancellationToken);
        Reload();
        return code == 0 ? clock.Elapsed : throw new InvalidOperationException($"lab/lab up {string.Join(' ', args)} failed ({code}): {output.Trim()}");
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

    /// <summary>
    /// Back to the tests' baseline (<see cref="LabBaseline"/>), with the first service's VIP on <paramref name="holder"/>
    /// (the others' on their homes): no fault, every daemon running, no roles state files, each VIP answering from its holder.
    /// </summary>
    public Task NormalizeAsync(string holder, CancellationToken cancellationToken)
    {
        var first = Baseline.Services[0];
        return Baseline.RestoreAsync(s => s == first ? holder : s.Home.Value, cancellationToken);
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

    /// <summary>Reads the configuration of the lab that is up when first needed (bench/run brings the lab up after this is made).</summary>
    private void Reload()
    {
        _baseline = new(() => new LabBaseline(Verbs));
        _layout = new(() =>
        {
            var configuration = new ConfigurationBuilder().AddJsonFile(ConfigPath, optional: false).Build();
            var topology = configuration.GetSection(TopologyOptions.Section).Get<TopologyOptions>()!;
            return (topology.Vip, configuration.GetSection(MirrorOptions.Section).Get<MirrorOptions>()!, [.. topology.Nodes.Select(n => n.Name)], topology.Nodes);
        });
    }
}
