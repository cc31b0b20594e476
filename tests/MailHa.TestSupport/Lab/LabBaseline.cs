using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.Configuration;

namespace MailHa.TestSupport.Lab;

/// <summary>
/// The lab's baseline, for whichever topology is up, shared by the integration tests (each test starts and ends
/// there) and the bench (before each measured run): each service's VIP on one host only (its home, unless the
/// caller places it elsewhere) and answering from there, no link cut, the mirror network whole, every daemon
/// running, no roles state file, no test message in any store. Addresses, interface, labels and paths come from the
/// configuration <c>lab up</c> wrote, read when this is made (make a new one after another <c>lab up</c>).
/// </summary>
public sealed class LabBaseline
{
    /// <summary>Messages written by tests start with this, so the baseline can remove every one of them.</summary>
    public const string TestMessagePrefix = "mailha-test-";

    private static readonly string[] Daemons = ["sshd", "slapd", "rsyncd", "smtp", "imap", "http"];

    private readonly LabScript _lab;
    private readonly Dictionary<string, string> _addresses;

    public LabBaseline(LabScript lab)
    {
        ArgumentNullException.ThrowIfNull(lab);
        _lab = lab;
        var configuration = new ConfigurationBuilder().AddJsonFile(lab.ConfigPath, optional: false).Build();
        var topology = configuration.GetSection(TopologyOptions.Section).Get<TopologyOptions>()!;
        var mirror = configuration.GetSection(MirrorOptions.Section).Get<MirrorOptions>()!;
        Topology = TopologyResolver.Resolve(topology, mirror);
        Services = Topology.Services;
        Hosts = [.. topology.Nodes.Select(n => n.Name)];
        _addresses = topology.Nodes.ToDictionary(n => n.Name, n => n.ServiceAddress);
    }

    /// <summary>The lab's nodes (with their capacities) and services, as MailHa resolves them.</summary>
    public MailTopology Topology { get; }

    /// <summary>The lab's services in configuration order, each with its VIP, store, state file and nodes (first = home).</summary>
    public IReadOnlyList<ServiceDefinition> Services { get; }

    /// <summary>The lab's hosts in configuration order.</summary>
    public IReadOnlyList<string> Hosts { get; }

    /// <summary>A host's own service address (<c>MailHa:Nodes:…:ServiceAddress</c>): its SMTP and IMAP answer there.</summary>
    public string ServiceAddress(string host) => _addresses[host];

    /// <summary>The stores <paramref name="host"/> keeps: those of the services that may run there.</summary>
    public IEnumerable<string> StoresOn(string host) =>
        Services.Where(s => s.MayRunOn(new NodeName(host))).Select(s => s.Mirror.StorePath);

    /// <summary>The baseline with every service's VIP on its home.</summary>
    public Task RestoreAsync(CancellationToken cancellationToken) => RestoreAsync(s => s.Home.Value, cancellationToken);

    /// <summary>
    /// The baseline with each service's VIP on <paramref name="holder"/>'s host for it, safe from any state a test or
    /// a run can leave. Never two holders of a VIP, not even for a moment: each VIP comes off every other host first,
    /// then goes on its holder. <c>lab exec</c> enters the host's namespaces directly, so this works while a link is
    /// cut or sshd is stopped.
    /// </summary>
    public async Task RestoreAsync(Func<ServiceDefinition, string> holder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(holder);
        foreach (var service in Services)
        {
            foreach (var host in Hosts.Where(h => h != holder(service)))
            {
                // The product's own fence commands: they also stop an announce a switchover left running there.
                foreach (var drop in VipCommands.Drop(NodePlatform.Linux, service.Vip))
                {
                    await _lab.ExecAsync(host, drop.Text);
                }
            }
        }

        foreach (var service in Services)
        {
            await _lab.ExecAsync(holder(service), $"{HoldsVipTest(service)} || ip addr add {service.Vip.Address}/{service.Vip.PrefixLength} dev {service.Vip.Interface} label {service.Vip.Label}");
        }

        await _lab.RunAsync("restore-mirror");
        foreach (var host in Hosts)
        {
            await _lab.RunAsync("restore", host);
            foreach (var daemon in Daemons)
            {
                await _lab.RunAsync("start", host, daemon);
            }

            var stateFiles = string.Join(' ', Services.Select(s => $"'{s.Mirror.StateFile}' '{s.Mirror.StateFile}.tmp'"));
            var stores = string.Join(' ', StoresOn(host).Select(s => $"'{s}'"));
            await _lab.ExecAsync(host, $"rm -f {stateFiles}; find {stores} -type f \\( {AddedMail} \\) -delete");
        }

        foreach (var service in Services)
        {
            await AwaitAnswerFromAsync(service, holder(service), cancellationToken);
        }
    }

    /// <summary>The SMTP banner read from <paramref name="service"/>'s VIP (from the root namespace), or null when nothing answers.</summary>
    public static async Task<string?> VipBannerAsync(ServiceDefinition service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        return await new TcpServiceProbe().ProbeAsync(service.Vip.Address, service.Vip.ServicePort, TimeSpan.FromSeconds(2), cancellationToken) is Answered answered ? answered.Banner : null;
    }

    /// <summary>Which lab host answers on <paramref name="service"/>'s VIP (the banner is <c>220 &lt;host&gt;.lab ...</c>), or null when nobody does.</summary>
    public static async Task<string?> VipAnswerAsync(ServiceDefinition service, CancellationToken cancellationToken) =>
        await VipBannerAsync(service, cancellationToken) is { } banner && banner.StartsWith("220 ", StringComparison.Ordinal)
            ? banner[4..].Split('.', ' ')[0]
            : null;

    /// <summary>A shell test that succeeds on a host that has <paramref name="service"/>'s VIP configured.</summary>
    public static string HoldsVipTest(ServiceDefinition service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return $"ip -o addr show dev {service.Vip.Interface} | grep -q ' inet {service.Vip.Address}/'";
    }

    /// <summary>The root namespace may still map a VIP to another host's MAC: announce from <paramref name="holder"/> until it answers from there.</summary>
    public async Task AwaitAnswerFromAsync(ServiceDefinition service, string holder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var back = await Eventually.TrueAsync(
            async () =>
            {
                if (await VipAnswerAsync(service, cancellationToken) == holder)
                {
                    return true;
                }

                await _lab.ExecAsync(holder, $"arping -U -q -c 1 -I {service.Vip.Interface} {service.Vip.Address} || true");
                return false;
            },
            TimeSpan.FromSeconds(30),
            cancellationToken);
        if (!back)
        {
            throw new InvalidOperationException($"the VIP {service.Vip.Address} of {service.Name} does not answer from {holder} (banner: {await VipBannerAsync(service, cancellationToken) ?? "none"})");
        }
    }

    /// <summary>
    /// <c>find</c> tests for every message a test added: its own files, and mail Postfix delivered on any host (a
    /// Maildir name ends in the delivering host's name, <c>:2,…</c> once Dovecot saw it; the seed's are <c>NNNN.msg</c>).
    /// </summary>
    private string AddedMail =>
        string.Join(" -o ", Hosts.SelectMany(h => new[] { $"-name '*.{h}'", $"-name '*.{h}:*'" }).Prepend($"-name '{TestMessagePrefix}*'"));
}
