using MailHa.Operations.Failover;
using MailHa.Operations.Ldap;
using MailHa.Operations.Liveness;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Bot.Alerts;

/// <summary>
/// What an alert says, as a value: one case per problem the watches raise, carrying what it found. Its words are
/// <see cref="AlertText"/>'s (the chat message, the PagerDuty summary), for the streak's first alert, a reminder or the
/// recovery (<see cref="AlertKind"/>). <see cref="Streak"/> is the problem's streak key (<see cref="AlertTracker"/>).
/// </summary>
public abstract record Alert
{
    public abstract string Streak { get; }
}

/// <summary>Several nodes hold the VIP of a service (<paramref name="Named"/>; null when there is one service).</summary>
public sealed record SplitBrain(string Streak, ServiceName? Named, string VipAddress, VipReport Vip) : Alert
{
    public override string Streak { get; } = Streak;
}

/// <summary>Nobody holds the VIP of a service (<paramref name="Named"/>; null when there is one service) and no operation moves it.</summary>
public sealed record MailDown(string Streak, ServiceName? Named, string VipAddress, VipReport Vip) : Alert
{
    public override string Streak { get; } = Streak;
}

/// <summary>Directory replication is broken (or, on recovery, no longer).</summary>
public sealed record DirectoryReplicationBroken(ReplicationReport Report) : Alert
{
    public override string Streak => "replication";
}

/// <summary>A mirror run that was not good (or, on recovery, the good one after them); <paramref name="CopyAge"/>: the last good run's age, null when none.</summary>
public sealed record MirrorFailed(MirrorRun Run, MirrorRun? LastGood, TimeSpan? CopyAge) : Alert
{
    public override string Streak => MirrorAlerter.Problem;
}

/// <summary>The continuous mirror fell back to its interval, or lags too much, or recovered (<see cref="MirrorStreamProblem.Active"/>); <paramref name="NameService"/> when several services stream.</summary>
public sealed record ContinuousMirrorTrouble(MirrorStreamProblem Problem, bool NameService) : Alert
{
    public override string Streak => Problem.Key;
}

/// <summary>No view of either node answers: most likely MailHa's own network.</summary>
public sealed record NeitherNodeVisible(LivenessVerdict Verdict) : Alert
{
    public override string Streak => "neither-node";
}

/// <summary>A node active for some service is down and its standby is not healthy: no failover is proposed.</summary>
public sealed record NodeDownStandbyUnhealthy(string Streak, NodeName Node, LivenessVerdict Verdict) : Alert
{
    public override string Streak { get; } = Streak;
}

/// <summary>
/// A service whose standby is down (<paramref name="UnseenSince"/>), or on recovery has one again; its pages name
/// <paramref name="PagedNode"/> (the node that went down, also when the recovery comes after the service moved).
/// </summary>
public sealed record NoStandby(ServiceName Service, NodeName Standby, NodeName Active, DateTimeOffset UnseenSince, NodeName PagedNode) : Alert
{
    public override string Streak => $"{StandbyWatch.Problem}:{Service}";
}

/// <summary>A mirror run died mid-pull (<paramref name="Run"/>; null on recovery: the mirror ran again).</summary>
public sealed record MirrorRunInterrupted(InterruptedMirror? Run) : Alert
{
    public override string Streak => InterruptedOperationWatch.MirrorProblem;
}

/// <summary>An operation was interrupted (<paramref name="Operation"/>, with the VIP as it is now; null on recovery: none is any more).</summary>
public sealed record OperationInterrupted(InterruptedOperation? Operation) : Alert
{
    public override string Streak => InterruptedOperationWatch.Problem;
}

/// <summary>A node active for some service is down: the proposal card, with a failover per service it ran.</summary>
public sealed record FailoverProposed(string Streak, FailoverProposal.Outage Outage, bool OneService) : Alert
{
    public override string Streak { get; } = Streak;
}

/// <summary>The reminder of an outage nobody has requested the failover of (<paramref name="Unrequested"/>).</summary>
public sealed record FailoverNotRequested(string Streak, FailoverProposal.Outage Outage, IReadOnlyList<ServiceName> Unrequested, bool OneService) : Alert
{
    public override string Streak { get; } = Streak;
}

/// <summary>An outage over: the node answers again, or every service it ran has moved (<paramref name="Now"/>: each leg's roles now, in order).</summary>
public sealed record OutageOver(string Streak, FailoverProposal.Outage Outage, IReadOnlyList<RoleState> Now, LivenessVerdict? Verdict, bool OneService) : Alert
{
    public override string Streak { get; } = Streak;

    /// <summary>Every service the node ran is active elsewhere now.</summary>
    public bool Replaced => Now.All(s => s.Active != Outage.Active);
}

/// <summary>What was raised: the alert and which of the streak's posts it is. Told to the <c>IReportObserver</c>s (the metrics).</summary>
public sealed record AlertRaised(Alert Alert, AlertKind Kind);
