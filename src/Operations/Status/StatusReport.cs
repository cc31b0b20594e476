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
/// Everything <c>status</c> shows: a line per service (<see cref="Services"/>), then the first service's roles, VIP and
/// mirror in detail (the one pair's, when there is one service), the nodes, the directory. Parts that could not be learned in time are null and listed in
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
    JournalOutageStatus? Journal = null)
{
    /// <summary>Every service, in configuration order (the first is the one detailed above).</summary>
    public IReadOnlyList<ServiceStatus> Services { get; init; } = [];
}

/// <summary>
/// How one service is: who serves it, its VIP, its mirror (and its own continuous stream, <see cref="Stream"/>; null in
/// <c>Interval</c>), and the verdict of the one line status leads with.
/// </summary>
public sealed record ServiceStatus(ServiceName Service, RoleState Roles, VipReport? Vip, MirrorRun? LastRun, MirrorRun? LastGood, TimeSpan? Age, ServiceHealth Health, string? NoStandby, MirrorStreamView? Stream = null)
{
    /// <summary>Set when <see cref="Vip"/> is null because the gather's VIP part ran out: what the VIP's banner said meanwhile.</summary>
    public VipCheckRanOut? VipRanOut { get; init; }

    public string Describe()
    {
        var who = Vip?.Verdict switch
        {
            VipVerdict.HeldBy => $"served by {Vip.Holder}",
            VipVerdict.SplitBrain => "VIP on several nodes",
            VipVerdict.Nobody => "served by NOBODY",
            _ when VipRanOut is { } ranOut => $"recorded on {Roles.Active}, {ranOut.Describe()}",
            _ => $"recorded on {Roles.Active}, VIP holder unknown",
        };
        var mirror = Roles.MirrorPaused ? "mirror PAUSED" : $"mirror {Roles.Active} → {Roles.Standby}";
        var age = Age is { } a ? $", last good {Reporting.Durations.Format(a)} ago" : ", never mirrored";
        var stream = Stream switch
        {
            null => "",
            { Lag: { } lag } => $", {(Stream.Streaming ? "streaming" : "NOT streaming")}, lag {Reporting.Durations.Format(lag)}",
            _ => $", {(Stream.Streaming ? "streaming" : "NOT streaming")}, lag not measured",
        };
        var standby = NoStandby is null ? "" : $"; {NoStandby}";
        return $"{Service}: {StatusText.Verdict(Health).ToUpperInvariant()}, {who}; {mirror}{age}{stream}{standby}";
    }
}

/// <summary>One node: SSH reachability and whether its mail service answers on its own address: SMTP (<see cref="Service"/>, the port the VIP probe uses) and IMAP.</summary>
public sealed record NodeHealth(NodeName Node, string Role, bool Reachable, string Ssh, ServiceAnswer Service, ServiceAnswer Imap)
{
    /// <summary>The services it runs now (the recorded roles).</summary>
    public IReadOnlyList<ServiceName> Runs { get; init; } = [];

    /// <summary>How many services it may run at once; null: no limit.</summary>
    public int? Capacity { get; init; }
}

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
