using MailHa.Operations.Topology;

namespace MailHa.Operations.Ldap;

/// <summary>
/// Two nodes whose directories must replicate with each other because they serve or back up a common service: a
/// service's nodes may each run it, so each must hold what the others hold. Asymmetric and symmetric: the one pair;
/// N+1: each primary with the standby (two primaries share no service, so their pair is not checked).
/// </summary>
public sealed record ReplicationPair(NodeName First, NodeName Second)
{
    /// <summary>Every pair of nodes listed together by some service, once each, in the order the services list them.</summary>
    public static IReadOnlyList<ReplicationPair> Of(MailTopology topology)
    {
        ArgumentNullException.ThrowIfNull(topology);
        var pairs = new List<ReplicationPair>();
        foreach (var service in topology.Services)
        {
            for (var i = 0; i < service.Nodes.Count; i++)
            {
                for (var j = i + 1; j < service.Nodes.Count; j++)
                {
                    var pair = new ReplicationPair(service.Nodes[i], service.Nodes[j]);
                    if (!pairs.Any(p => p.Joins(pair.First, pair.Second)))
                    {
                        pairs.Add(pair);
                    }
                }
            }
        }

        return pairs;
    }

    /// <summary>The nodes of <paramref name="pairs"/>, once each, in order of first appearance.</summary>
    public static IReadOnlyList<NodeName> NodesOf(IEnumerable<ReplicationPair> pairs) =>
        [.. pairs.SelectMany(p => new[] { p.First, p.Second }).Distinct()];

    /// <summary>The pair's node other than <paramref name="node"/>.</summary>
    public NodeName Other(NodeName node) => node == First ? Second : First;

    /// <summary>Whether this pair is <paramref name="a"/> and <paramref name="b"/>, in either order.</summary>
    public bool Joins(NodeName a, NodeName b) => (First == a && Second == b) || (First == b && Second == a);

    public override string ToString() => $"{First}–{Second}";
}
