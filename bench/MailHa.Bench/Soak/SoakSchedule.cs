namespace MailHa.Bench.Soak;

/// <summary>What one episode of the soak does: a fault, an operator action, or both at once.</summary>
internal enum EpisodeKind
{
    /// <summary>alice or bob requests a switchover, the other approves it (console or Slack, either instance).</summary>
    Switchover,

    /// <summary>The active node cut off; the proposal's button pressed, the failover approved; the node back; a failback.</summary>
    Outage,

    /// <summary>The mirror network cut, a switchover tried: it must stop before the fence (the VIP never leaves the source).</summary>
    MirrorCutSwitchover,

    /// <summary>Only the path between MailHa and one node cut (the other node still sees it).</summary>
    PathCut,

    /// <summary>A share of the packets on one link of one node dropped (iptables statistic), with a switchover.</summary>
    PacketDrop,

    /// <summary>A node's directory server stopped and started again.</summary>
    DirectoryRestart,

    /// <summary>A node's MTA stopped and started again (the sending MTA queues and retries).</summary>
    MtaRestart,

    /// <summary>The active node's rsync daemon stopped, a mirror run asked for, the daemon started again.</summary>
    RsyncdRestart,

    /// <summary>A switchover approved, and the instance running it killed (SIGKILL) mid-way; the survivor shows it; resumed.</summary>
    InterruptedSwitchover,

    /// <summary>The leading instance killed (SIGKILL) and started again.</summary>
    InstanceKill,

    /// <summary>PostgreSQL stopped and started again under both instances.</summary>
    PostgresRestart,

    /// <summary>The standby's store file system filled (a small tmpfs), a mirror run asked for: StoreFull, nothing deleted.</summary>
    StoreFull,

    /// <summary>A node's SSH host key replaced: MailHa refuses it, never trusts it.</summary>
    HostKeyChange,

    /// <summary>The recurring mirror paused by one person and resumed (approved by the other).</summary>
    MirrorPause,
}

/// <summary>Whom an episode aims at, resolved when it runs (who is active depends on what ran before).</summary>
internal enum Role
{
    Active,
    Standby,
}

/// <summary>Where an operator types: the console channel or a signed Slack slash command.</summary>
internal enum Channel
{
    Console,
    Slack,
}

/// <summary>
/// One episode of a soak: its kind, its target role, who requests (0 alice, 1 bob; the other approves), on which
/// instance (0 a, 1 b) and channel, how long its fault holds, and for packet drops the link and the share. Where the lab
/// has several services, <see cref="Service"/> picks the one it aims at (modulo their number, <see cref="EpisodeTargets"/>),
/// and where a node has a capacity, <see cref="AcceptOverCapacity"/> says whether a move beyond it is requested with the
/// override; on the asymmetric lab both change nothing.
/// </summary>
internal sealed record Episode(int Index, EpisodeKind Kind, Role Target, Channel Channel, int Requester, int Instance, TimeSpan Hold, int DropPercent, bool MirrorLink,
    int Service = 0, bool AcceptOverCapacity = false)
{
    public string Requesting => Requester == 0 ? "alice" : "bob";

    public string Approving => Requester == 0 ? "bob" : "alice";

    public string Describe() => Kind switch
    {
        EpisodeKind.PacketDrop => $"#{Index} {Kind} {Target} {(MirrorLink ? "mirror" : "service")} link {DropPercent}% for {Hold.TotalSeconds:0} s",
        _ => $"#{Index} {Kind} {Target} for {Hold.TotalSeconds:0} s, {Requesting} asks on {(Instance == 0 ? "a" : "b")} via {Channel}",
    };
}

/// <summary>
/// The soak's schedule, a pure function of its seed: first every kind once in a seeded order (so even a short soak
/// covers each fault), then kinds drawn at random; targets are roles, resolved when the episode runs
/// (<see cref="EpisodeTargets"/>). The service an episode aims at and whether it accepts going over capacity are drawn
/// from a second stream of the same seed, so a seed gives the same faults and actions on every topology (and the
/// asymmetric lab the schedule it always had).
/// </summary>
internal static class SoakSchedule
{
    /// <summary>Divisible by every number of services a lab has (1–8): the service, this modulo their number, is drawn evenly.</summary>
    private const int ServiceDraw = 840;

    public static IEnumerable<Episode> Generate(int seed)
    {
        var random = new Random(seed);
        var aim = new Random(unchecked((seed * 397) ^ 0x5EED));
        var kinds = Enum.GetValues<EpisodeKind>();
        var first = kinds.OrderBy(_ => random.Next()).ToList();
        for (var index = 0; ; index++)
        {
            var kind = index < first.Count ? first[index] : kinds[random.Next(kinds.Length)];
            var target = kind switch
            {
                EpisodeKind.Outage or EpisodeKind.RsyncdRestart or EpisodeKind.InterruptedSwitchover => Role.Active,
                EpisodeKind.StoreFull => Role.Standby,
                _ => random.Next(2) == 0 ? Role.Active : Role.Standby,
            };
            yield return new Episode(
                index,
                kind,
                target,
                random.Next(2) == 0 ? Channel.Console : Channel.Slack,
                random.Next(2),
                random.Next(2),
                TimeSpan.FromSeconds(5 + random.Next(16)),
                10 + random.Next(4) * 10,
                random.Next(2) == 0,
                aim.Next(ServiceDraw),
                aim.Next(2) == 0);
        }
    }
}
