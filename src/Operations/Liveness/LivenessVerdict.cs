namespace MailHa.Operations.Liveness;

/// <summary>
/// What the active node's liveness comes to after hysteresis (<see cref="DownDetector"/>): each case carries the sample
/// it was judged on and, once something is wrong, since when it has held.
/// </summary>
public abstract record LivenessVerdict(LivenessSample Sample)
{
    /// <summary>One line for logs and cards.</summary>
    public abstract string Describe();
}

/// <summary>At least one view of the active node answers.</summary>
public sealed record ActiveAlive(LivenessSample Sample) : LivenessVerdict(Sample)
{
    public override string Describe() => $"{Sample.Active} (active) answers";
}

/// <summary>Nothing of the active node answers, but not yet for <c>DownAfter</c> across consecutive checks.</summary>
public sealed record ActiveSuspected(LivenessSample Sample, DateTimeOffset Since) : LivenessVerdict(Sample)
{
    public override string Describe() => $"{Sample.Active} (active) has not answered since {Since:HH:mm:ss}Z; not declared down yet";
}

/// <summary>The active node is down for <c>DownAfter</c> and the standby is healthy: a failover can be proposed.</summary>
public sealed record ActiveDown(LivenessSample Sample, DateTimeOffset Since) : LivenessVerdict(Sample)
{
    public override string Describe() => $"{Sample.Active} (active) DOWN since {Since:HH:mm:ss}Z; {Sample.Standby} (standby) healthy";
}

/// <summary>The active node is down for <c>DownAfter</c> but the standby is not healthy either: nothing to propose.</summary>
public sealed record ActiveDownStandbyUnhealthy(LivenessSample Sample, DateTimeOffset Since) : LivenessVerdict(Sample)
{
    public override string Describe() => $"{Sample.Active} (active) DOWN since {Since:HH:mm:ss}Z and {Sample.Standby} (standby) is not healthy: no failover possible";
}

/// <summary>Neither node answers on any view for <c>DownAfter</c>: MailHa itself is probably cut off. Never "primary down".</summary>
public sealed record NeitherVisible(LivenessSample Sample, DateTimeOffset Since) : LivenessVerdict(Sample)
{
    public override string Describe() => $"MailHa cannot see either node since {Since:HH:mm:ss}Z (its own network?)";
}
