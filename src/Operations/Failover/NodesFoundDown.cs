using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>
/// The nodes the last plan found unreachable over SSH, and why: the run that follows a plan (an approval re-plans just
/// before it runs; the command line plans, then asks for the confirmation) does not ask them again, so a dead node's
/// connect timeout is paid once. A finding stands for <see cref="StandsFor"/>; an older one, or a node a later plan
/// reached, is asked again as usual.
/// </summary>
public sealed class NodesFoundDown(TimeProvider time)
{
    /// <summary>How long a plan's finding stands for the run that follows it (reading the plan and typing a confirmation).</summary>
    public static readonly TimeSpan StandsFor = TimeSpan.FromMinutes(2);

    private readonly Lock _gate = new();
    private readonly Dictionary<NodeName, (CommandOutcome Why, DateTimeOffset At)> _down = [];

    /// <summary>What a plan found about each node it asked: a node that answered is no longer down.</summary>
    public void Record(IEnumerable<CommandOutcome> listings)
    {
        ArgumentNullException.ThrowIfNull(listings);
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var listing in listings)
            {
                if (listing.Succeeded)
                {
                    _down.Remove(listing.Node);
                }
                else
                {
                    _down[listing.Node] = (listing, now);
                }
            }
        }
    }

    /// <summary>Why the last plan could not reach <paramref name="node"/>, when it found so within <see cref="StandsFor"/>; otherwise null.</summary>
    public CommandOutcome? Find(NodeName node)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            return _down.TryGetValue(node, out var found) && now - found.At <= StandsFor ? found.Why : null;
        }
    }

    /// <summary>Of <paramref name="nodes"/>, those no standing finding says are down.</summary>
    public IReadOnlySet<NodeName> Answering(IEnumerable<NodeName> nodes) => nodes.Where(n => Find(n) is null).ToHashSet();
}
