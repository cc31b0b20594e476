using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Vip;

/// <summary>
/// Finds who holds one service's VIP two ways at once: each node's interface list over SSH, and a connection to
/// the VIP's service port whose banner names the host that answers. Calls split brain loudly.
/// </summary>
public sealed class VipLocator(IRemoteShell shell, IServiceProbe probe, MailTopology topology)
{
    /// <summary>Who holds <paramref name="service"/>'s VIP, asking each of its nodes.</summary>
    public Task<VipReport> LocateAsync(ServiceDefinition service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        return LocateAsync(service, [.. service.Nodes.Select(n => ListInterfacesAsync(n, cancellationToken))], cancellationToken);
    }

    /// <summary>
    /// Judges from interface listings the caller already started (<see cref="ListInterfacesAsync"/>, or an
    /// earlier failure of a node not to be asked again), so one SSH command per node serves both the
    /// caller's reachability check and this: a dead node's timeout is paid once.
    /// </summary>
    public Task<VipReport> LocateAsync(ServiceDefinition service, IReadOnlyList<Task<CommandOutcome>> listings, CancellationToken cancellationToken) =>
        JudgeAsync(service, listings, ProbeVipAsync(service, cancellationToken));

    /// <summary>
    /// The same from an answer on the VIP the caller already has (<see cref="ProbeVipAsync"/> started, or one just found
    /// by someone else and shown as such), so the VIP is not probed again.
    /// </summary>
    public async Task<VipReport> JudgeAsync(ServiceDefinition service, IReadOnlyList<Task<CommandOutcome>> listings, Task<ServiceAnswer> external)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(listings);
        ArgumentNullException.ThrowIfNull(external);
        var nodes = (await Task.WhenAll(listings)).Select(o => View(service, o)).ToList();
        var answer = await external;
        return Judge(nodes, answer, IdentifyAnswer(answer));
    }

    /// <summary>One node's interface list over SSH; anything but exit 0 also means the node could not be read.</summary>
    public Task<CommandOutcome> ListInterfacesAsync(NodeName node, CancellationToken cancellationToken) =>
        shell.RunAsync(node, VipCommands.ListAddresses(topology.Node(node).Platform), cancellationToken);

    /// <summary>Connects to <paramref name="service"/>'s VIP on its service port and returns what answered.</summary>
    public Task<ServiceAnswer> ProbeVipAsync(ServiceDefinition service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        var vip = service.Vip;
        return probe.ProbeAsync(vip.Address, vip.ServicePort, vip.ProbeTimeout, cancellationToken);
    }

    /// <summary>Which configured node a banner names (word match on the node name), if any.</summary>
    public NodeName? IdentifyAnswer(ServiceAnswer answer)
    {
        if (answer is not Answered { Banner: var banner })
        {
            return null;
        }

        var words = banner.Split([' ', '.', '\t', '<', '>', '(', ')', ','], StringSplitOptions.RemoveEmptyEntries);
        var named = topology.Nodes.Where(n => words.Contains(n.Name, StringComparer.OrdinalIgnoreCase)).ToList();
        return named.Count == 1 ? named[0].NodeName : null;
    }

    public static VipReport Judge(IReadOnlyList<NodeVipView> nodes, ServiceAnswer external, NodeName? answeredBy)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var holders = nodes.Where(n => n.Holds == true).Select(n => n.Node).ToList();
        var unknown = nodes.Where(n => n.Holds is null).ToList();
        var answer = external switch
        {
            Answered a => answeredBy is { } who ? $"{who} answers on the VIP" : $"the VIP answers \"{a.Banner}\"",
            Silent s => $"nothing answers on the VIP ({s.Reason})",
            _ => "",
        };

        if (holders.Count > 1)
        {
            return new(VipVerdict.SplitBrain, null, nodes, external, answeredBy,
                $"SPLIT BRAIN: {string.Join(" and ", holders)} both hold the VIP; {answer}. Take it down on one node now.");
        }

        if (holders.Count == 1 && (answeredBy is null || answeredBy == holders[0]))
        {
            var unknownNote = unknown.Count > 0 ? $"; {string.Join(", ", unknown.Select(u => $"{u.Node} unknown: {u.Unknown}"))}" : "";
            return new(VipVerdict.HeldBy, holders[0], nodes, external, answeredBy, $"{holders[0]} holds the VIP; {answer}{unknownNote}");
        }

        if (holders.Count == 1)
        {
            return new(VipVerdict.Unknown, null, nodes, external, answeredBy,
                $"{holders[0]} has the VIP configured but {answeredBy} answers on it: check ARP caches and both nodes");
        }

        if (unknown.Count == 0 && external is Silent)
        {
            return new(VipVerdict.Nobody, null, nodes, external, null, $"NOBODY holds the VIP; {answer}");
        }

        if (unknown.Count > 0 && answeredBy is { } responder && unknown.Any(u => u.Node == responder))
        {
            return new(VipVerdict.HeldBy, responder, nodes, external, answeredBy,
                $"{responder} answers on the VIP (its interfaces could not be read: {unknown.First(u => u.Node == responder).Unknown})");
        }

        return new(VipVerdict.Unknown, null, nodes, external, answeredBy,
            $"VIP holder unknown: {string.Join("; ", unknown.Select(u => $"{u.Node}: {u.Unknown}"))}; {answer}");
    }

    private NodeVipView View(ServiceDefinition service, CommandOutcome outcome) =>
        outcome is Exited { Code: 0 } ok
            ? new NodeVipView(ok.Node, VipAddressParser.Holds(topology.Node(ok.Node).Platform, ok.StdOut, service.Vip.Address))
            : new NodeVipView(outcome.Node, null, outcome.Describe());
}
