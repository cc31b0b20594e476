using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Vip;

/// <summary>
/// Finds the VIP holder two ways at once: each node's interface list over SSH, and a connection to
/// the VIP's service port whose banner names the host that answers. Calls split brain loudly.
/// </summary>
public sealed class VipLocator(IRemoteShell shell, IServiceProbe probe, IOptions<TopologyOptions> topology)
{
    public async Task<VipReport> LocateAsync(CancellationToken cancellationToken)
    {
        var options = topology.Value;
        var views = options.Nodes.Select(n => ViewAsync(n, options.Vip.Address, cancellationToken)).ToList();
        var external = await ProbeVipAsync(cancellationToken);
        var nodes = await Task.WhenAll(views);
        return Judge(nodes, external, IdentifyAnswer(external));
    }

    /// <summary>Connects to the VIP's service port and returns what answered.</summary>
    public Task<ServiceAnswer> ProbeVipAsync(CancellationToken cancellationToken)
    {
        var vip = topology.Value.Vip;
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
        var named = topology.Value.Nodes.Where(n => words.Contains(n.Name, StringComparer.OrdinalIgnoreCase)).ToList();
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

    private async Task<NodeVipView> ViewAsync(NodeOptions node, string vip, CancellationToken cancellationToken)
    {
        var outcome = await shell.RunAsync(node.NodeName, VipCommands.ListAddresses(node.Platform), cancellationToken);
        return outcome is Exited { Code: 0 } ok
            ? new NodeVipView(node.NodeName, VipAddressParser.Holds(node.Platform, ok.StdOut, vip))
            : new NodeVipView(node.NodeName, null, outcome.Describe());
    }
}
