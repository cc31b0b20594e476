using MailHa.Operations.Failover;
using MailHa.Operations.Journal;
using MailHa.Operations.Ldap;
using MailHa.Operations.Roles;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Status;

/// <summary>
/// Everything <c>status</c> shows. Parts that could not be learned in time are null and listed in
/// <see cref="Unknown"/> with the reason. <see cref="Interrupted"/>: an unfinished operation nobody
/// runs any more (its process or instance died), with how to resume it.
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
    IReadOnlyList<string> Unknown);
