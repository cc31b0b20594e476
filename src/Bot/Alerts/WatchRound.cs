using MailHa.Operations.Liveness;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Alerts;

/// <summary>
/// One check of the watch: every service's recorded roles and liveness sample (in configuration order), the verdict
/// of each node active for some service (judged per node, on the sample of the first service it runs), and the nodes
/// some view saw answer.
/// </summary>
public sealed record WatchRound(
    MailTopology Topology,
    IReadOnlyList<LivenessSample> Samples,
    IReadOnlyDictionary<NodeName, LivenessVerdict> Verdicts,
    IReadOnlySet<NodeName> Reachable)
{
    /// <summary>Each service's recorded roles, in configuration order.</summary>
    public IEnumerable<RoleState> States => Samples.Select(s => s.Roles);

    /// <summary>Where each service runs now.</summary>
    public IReadOnlyDictionary<ServiceName, NodeName> Running => States.ToDictionary(s => s.Service, s => s.Active);

    /// <summary>The recorded roles of <paramref name="service"/>.</summary>
    public RoleState StateOf(ServiceName service) => States.First(s => s.Service == service);

    /// <summary>One service only (the asymmetric pair): cards and alerts keep their single-service wording and keys.</summary>
    public bool OneService => Topology.Services.Count == 1;

    /// <summary>An alert streak's key for <paramref name="node"/>: the bare problem when there is one service (as before services existed).</summary>
    public string KeyOf(string problem, NodeName node) => OneService ? problem : $"{problem}:{node}";
}
