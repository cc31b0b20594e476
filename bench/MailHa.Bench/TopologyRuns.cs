namespace MailHa.Bench;

/// <summary>One lab the topologies stage measured on: its <c>lab up</c> arguments, size, and how long <c>up</c> took (null: bench/run had brought it up).</summary>
internal sealed record TopologyLab(string Name, string UpArguments, int Services, int Hosts, double? UpSeconds);

/// <summary>StatusService.GetAsync on one lab: the first call of a fresh container, then the warm calls.</summary>
internal sealed record TopologyStatus(string Lab, int Services, int Hosts, double ColdMs, IReadOnlyList<StatusCall> Calls, int ServicesHeld)
{
    /// <summary>Where each warm call's time went (<see cref="GatherTimeline"/>).</summary>
    public IReadOnlyList<GatherBreakdown> Gathers { get; init; } = [];

    /// <summary>Each part of the gather alone, median ms (<see cref="StatusParts"/>).</summary>
    public IReadOnlyDictionary<string, double> Parts { get; init; } = new Dictionary<string, double>();

    /// <summary>The machine's one-minute load average when the warm calls began.</summary>
    public double Load { get; init; }

    /// <summary>CPU time per warm call: MailHa's, the lab hosts', the machine's.</summary>
    public CallCpu? Cpu { get; init; }
}

/// <summary>
/// One unplanned failover of a lab's first service (its home cut off, the plan made as the approval card's preview makes
/// it): <see cref="VipMs"/> from approval (the call to FailoverEngine.RunAsync) to the VIP answering from the target,
/// <see cref="DoneMs"/> when RunAsync returned.
/// </summary>
internal sealed record TopologyFailover(string Lab, int Sequence, string Service, string From, string To, double PlanMs, double? VipMs, double? DoneMs, string Outcome, string Note);

/// <summary>
/// <c>mailha serve</c> on one lab: resident memory (VmRSS, KiB) once it answered <c>/healthz</c> and a few seconds
/// later, after <c>/mail status</c> typed into its console <see cref="CommandMs"/>.Count times and an idle spell with
/// its health watch running, and its peak (VmHWM).
/// </summary>
internal sealed record ServeMemory(string Lab, int Services, long ReadyKib, long AfterKib, long PeakKib, IReadOnlyList<double> CommandMs, double IdleSeconds);
