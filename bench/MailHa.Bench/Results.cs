namespace MailHa.Bench;

/// <summary>Everything one benchmark run measured, and what it could not measure.</summary>
internal sealed class Results
{
    public required string Command { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset EndedAt { get; set; }

    public StatusBench? Status { get; set; }

    public List<MoveRun>? Switchovers { get; set; }

    public List<MoveRun>? Failovers { get; set; }

    public MirrorBench? Mirror { get; set; }

    /// <summary>Switchovers with the 100,000-file store in place (the final sync dominates there).</summary>
    public List<MoveRun>? BigSwitchovers { get; set; }

    public SlackBench? Slack { get; set; }

    public List<RestoreRun>? Restores { get; set; }

    /// <summary>The restore stage's flap and blip: proposals and pages raised (expected none).</summary>
    public List<QuietRun>? QuietRuns { get; set; }

    /// <summary>The restore stage's first assisted run's incident timeline (Markdown).</summary>
    public string? SampleTimeline { get; set; }

    public InstancesBench? Instances { get; set; }

    public TopologiesBench? Topologies { get; set; }

    public ContinuousBench? Continuous { get; set; }

    public List<string> Problems { get; } = [];
}
