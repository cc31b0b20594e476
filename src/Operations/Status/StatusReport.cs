using MailHa.Operations.Failover;
using MailHa.Operations.Journal;
using MailHa.Operations.Ldap;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Status;

/// <summary>
/// Everything <c>status</c> shows. Parts that could not be learned in time are null and listed in
/// <see cref="Unknown"/> with the reason. <see cref="Interrupted"/>: an unfinished operation nobody
/// runs any more (its process or instance died), with how to resume it. <see cref="Journal"/>: gathered while the journal
/// was unreachable (roles from elsewhere, journal parts left out); null when it answered.
/// </summary>
public sealed record StatusReport(
    DateTimeOffset At,
    RoleState Roles,
    IReadOnlyList<NodeHealth> Nodes,
    VipReport? Vip,
    MirrorStatus Mirror,
    ReplicationReport? Replication,
    OperationLease? RunningOperation,
    InterruptedOperation? Interrupted,
    IReadOnlyList<string> Unknown,
    JournalOutageStatus? Journal = null);

/// <summary>One node: SSH reachability and whether its mail service answers on its own address: SMTP (<see cref="Service"/>, the port the VIP probe uses) and IMAP.</summary>
public sealed record NodeHealth(NodeName Node, string Role, bool Reachable, string Ssh, ServiceAnswer Service, ServiceAnswer Imap);

/// <summary>
/// The mirror as an on-call engineer wants it: direction, paused or not, last run, last success, age, next run, a run that
/// died mid-pull, and in <c>Continuous</c> mode the stream and its measured lag (<see cref="Stream"/>; null in <c>Interval</c>).
/// </summary>
public sealed record MirrorStatus(
    NodeName Source,
    NodeName Target,
    bool Paused,
    MirrorRun? LastRun,
    MirrorRun? LastGood,
    TimeSpan? Age,
    DateTimeOffset? NextRun,
    InterruptedMirror? Interrupted = null,
    MirrorStreamView? Stream = null);
