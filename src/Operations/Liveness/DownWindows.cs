namespace MailHa.Operations.Liveness;

/// <summary>
/// How long the active node must stay unseen before it is declared down (<see cref="DownDetector"/>).
/// <see cref="AgreedDownAfter"/> when every one of its views positively says it is gone and the standby that asked ARP
/// is healthy (<see cref="LivenessSample.AllViewsAgreeDown"/>); <see cref="DownAfter"/> for anything less certain (a
/// view that could not look, a VIP banner nobody can name), and for a node that came back from a streak less than
/// <see cref="FlapMemory"/> before this one began: a flapping node must stay gone the long way.
/// </summary>
public sealed record DownWindows(TimeSpan DownAfter, TimeSpan AgreedDownAfter, TimeSpan FlapMemory);
