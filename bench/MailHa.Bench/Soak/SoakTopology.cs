using System.Text.RegularExpressions;
using MailHa.Operations.Topology;

namespace MailHa.Bench.Soak;

/// <summary>
/// One of the lab's services as the soak drives it: its definition (VIP, store, nodes in order of preference), the mail
/// domain the lab's sending MTA relays to its VIP, and the IMAP login of the soak's user in it.
/// </summary>
internal sealed record SoakService(int Index, ServiceDefinition Definition, string Domain, string ImapUser)
{
    public ServiceName Name => Definition.Name;

    public string Vip => Definition.Vip.Address;

    public string Store => Definition.Mirror.StorePath;
}

/// <summary>
/// The lab the soak runs on, whichever topology is up (asymmetric, symmetric, N+1), as the lab describes it: its one
/// table (<c>lab/topologies/NAME.sh</c>) is written into <c>mailha.json</c> (nodes, capacities, each service's VIP,
/// store and nodes: read as MailHa reads it) and <c>lab.env</c> (the topology's name, each service's mail domain).
/// </summary>
internal sealed partial class SoakTopology
{
    public SoakTopology(string name, MailTopology topology, IReadOnlyList<SoakService> services)
    {
        Name = name;
        Topology = topology;
        Services = services;
    }

    /// <summary><c>asymmetric</c>, <c>symmetric</c> or <c>n+1</c> (<c>lab up --topology</c>).</summary>
    public string Name { get; }

    /// <summary>The nodes (with their capacities) and services, as MailHa resolves them.</summary>
    public MailTopology Topology { get; }

    /// <summary>In configuration order.</summary>
    public IReadOnlyList<SoakService> Services { get; }

    public bool OneService => Services.Count == 1;

    /// <summary>Whether a node has a capacity (N+1's standby): a move beyond it is refused unless the approver accepts it.</summary>
    public bool HasCapacity => Topology.Nodes.Any(n => n.Capacity is not null);

    public IReadOnlyList<string> Hosts => [.. Topology.Nodes.Select(n => n.Name)];

    /// <summary>A host's own service address: its IMAP answers there.</summary>
    public string ServiceAddress(string host) => Topology.Node(new NodeName(host)).ServiceAddress;

    /// <summary>
    /// An operator's command on <paramref name="service"/> (after <c>/mail</c>): the service named when there are
    /// several; with one, unnamed, as it always read.
    /// </summary>
    public string Command(string verb, SoakService service, params string[] flags) =>
        string.Join(' ', [verb, .. OneService ? Array.Empty<string>() : [service.Name.Value], .. flags]);

    /// <summary>
    /// The lab that is up: <c>mailha.json</c> through the tests' own baseline (<see cref="Lab.Baseline"/>), and from
    /// <c>lab.env</c> its topology's name and each service's mail domain (matched by VIP: MailHa names the asymmetric
    /// lab's one service after its host name). The lab's Dovecot logs in a user of several services as
    /// <c>userNN@domain</c>, the one pair's as <c>userNN</c>.
    /// </summary>
    public static SoakTopology Read(Lab lab)
    {
        var env = ReadEnv(Path.Combine(lab.RunDirectory, "lab.env"));
        var services = lab.Baseline.Topology.Services;
        var domains = Value(env, "LAB_SERVICES").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(s => Value(env, $"LAB_SERVICE_{EnvName(s)}_VIP"), s => Value(env, $"LAB_SERVICE_{EnvName(s)}_DOMAIN"), StringComparer.Ordinal);
        return new SoakTopology(
            Value(env, "LAB_TOPOLOGY"),
            lab.Baseline.Topology,
            [.. services.Select((s, i) => new SoakService(
                i,
                s,
                domains.TryGetValue(s.Vip.Address, out var domain) ? domain : throw new InvalidOperationException($"lab.env names no service with the VIP {s.Vip.Address} of {s.Name}"),
                services.Count == 1 ? SmtpSender.User : $"{SmtpSender.User}@{domain}"))]);
    }

    /// <summary>A variable's name part for a service in <c>lab.env</c>: <c>jt-mail-a</c> → <c>JT_MAIL_A</c>.</summary>
    private static string EnvName(string service) => NotEnvChar().Replace(service.ToUpperInvariant(), "_");

    private static string Value(Dictionary<string, string> env, string key) =>
        env.TryGetValue(key, out var value) ? value : throw new InvalidOperationException($"lab.env has no {key} (lab/lab up writes it)");

    /// <summary><c>KEY='value'</c> lines (a comment may follow), as <c>lab up</c> writes them.</summary>
    private static Dictionary<string, string> ReadEnv(string path) =>
        File.ReadLines(path).Select(l => EnvLine().Match(l)).Where(m => m.Success)
            .ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal);

    [GeneratedRegex("^(?<key>[A-Z][A-Z0-9_]*)='(?<value>[^']*)'")]
    private static partial Regex EnvLine();

    [GeneratedRegex("[^A-Z0-9]")]
    private static partial Regex NotEnvChar();
}
