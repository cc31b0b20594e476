using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Liveness;

/// <summary>
/// What the health watch last found of a node it has declared down and still finds down (<see cref="DownDetector"/>):
/// the node's interface listing over SSH that got no answer, and the answer on the VIP of <see cref="Service"/> (the
/// service the sample was of), in the sample taken at <see cref="At"/>. A request's card may show it instead of asking
/// the dead node again (each ask waits out its connect timeout); what a decision rests on is always asked afresh.
/// </summary>
public sealed record WatchFinding(NodeName Node, ServiceName Service, DateTimeOffset DownSince, DateTimeOffset At, CommandOutcome Listing, ServiceAnswer Vip)
{
    /// <summary>
    /// How long a finding stands for a card: the watch looks again every <c>WatchInterval</c> (3 s by default), each look
    /// at a dead node taking its SSH bound, so an older finding means the watch stopped looking (another instance leads,
    /// or it is stopping) and the card asks the node itself.
    /// </summary>
    public static readonly TimeSpan StandsFor = TimeSpan.FromSeconds(15);

    /// <summary>Whether it still stands at <paramref name="now"/>.</summary>
    public bool Stands(DateTimeOffset now) => now - At <= StandsFor;
}
