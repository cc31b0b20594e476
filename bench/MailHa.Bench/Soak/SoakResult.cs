namespace MailHa.Bench.Soak;

/// <summary>One service's mail at the end: sent, arrived (distinct numbers), duplicates, lost inside its unplanned failovers' windows, and how many it had.</summary>
internal sealed record ServiceMail(string Service, int Sent, int Arrived, int Duplicates, int LostInFailovers, int Failovers);

/// <summary>What a soak came to: its schedule as run, what it injected and did, each invariant's checks, the mail count.</summary>
internal sealed class SoakResult
{
    public int Seed { get; init; }

    public TimeSpan Planned { get; init; }

    /// <summary>The lab's topology (<c>lab up --topology</c>) and its services, as the soak read them.</summary>
    public string Topology { get; init; } = "";

    public IReadOnlyList<string> Services { get; init; } = [];

    /// <summary>Per service, in the topology's order (the totals below add them up).</summary>
    public List<ServiceMail> Mail { get; } = [];

    public DateTimeOffset StartedAt { get; init; } = DateTimeOffset.UtcNow;

    public DateTimeOffset EndedAt { get; set; }

    /// <summary>Every step with its time since the start: episodes, faults, actions and their outcomes.</summary>
    public List<string> Timeline { get; } = [];

    public List<Episode> Episodes { get; } = [];

    public SortedDictionary<string, int> Faults { get; set; } = [];

    public SortedDictionary<string, int> Actions { get; set; } = [];

    public List<(Invariant Invariant, long Checks)> Checks { get; } = [];

    public SoakViolation? Violation { get; set; }

    /// <summary>What stopped an episode or a check that was not an invariant (the harness, the lab): listed, and the test fails on them.</summary>
    public List<string> Problems { get; } = [];

    public int MailSent { get; set; }

    public int MailArrived { get; set; }

    public int MailLostInFailovers { get; set; }

    public int MailDuplicates { get; set; }

    public int Failovers { get; set; }

    public double VipSamplesPerSecond { get; set; }

    /// <summary>
    /// Per surviving process, after warm-up and at the end: what a full collection found alive (bytes; what is judged)
    /// and the resident memory (KiB; reported only: a server GC grows it lazily with load).
    /// </summary>
    public List<(int Pid, long WarmLive, long EndLive, long WarmKib, long EndKib)> Memory { get; } = [];

    /// <summary>Where the instances' logs were copied (kept after the lab goes down).</summary>
    public string LogDirectory { get; set; } = "";

    public bool Passed => Violation is null && Problems.Count == 0;
}
