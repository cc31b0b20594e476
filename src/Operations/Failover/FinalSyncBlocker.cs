using MailHa.Operations.Mirror;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>
/// Why a move's final sync cannot run, known before the fence takes the VIP away: the target cannot reach the
/// source's rsync daemon, or the catch-up run (the same pull, minutes earlier) failed. Fencing then would only
/// cost users the VIP until the rollback gives it back, for an operation that cannot succeed.
/// </summary>
public abstract record FinalSyncBlocker(NodeName Source, NodeName Target)
{
    /// <summary>One line naming why, for the step's report.</summary>
    public abstract string Describe();

    /// <summary>
    /// What the target's probe of the source's rsync daemon and the catch-up run (null when none ran) say; null when
    /// nothing shows that the final sync cannot run.
    /// </summary>
    public static FinalSyncBlocker? Find(NodeName source, NodeName target, CommandOutcome daemonProbe, MirrorRun? catchUp)
    {
        ArgumentNullException.ThrowIfNull(daemonProbe);
        if (!daemonProbe.Succeeded)
        {
            return new SourceDaemonUnreachable(source, target, daemonProbe.Describe());
        }

        return catchUp is { IsGood: false } failed ? new CatchUpFailed(source, target, failed.Outcome) : null;
    }
}

/// <summary>The target could not connect to the source's rsync daemon on the mirror network (<see cref="MirrorScript.ProbeDaemon"/>).</summary>
public sealed record SourceDaemonUnreachable(NodeName Source, NodeName Target, string Detail) : FinalSyncBlocker(Source, Target)
{
    public override string Describe() => $"{Target} cannot reach {Source}'s rsync daemon on the mirror network ({Detail})";
}

/// <summary>The catch-up run, the same pull as the final sync, did not succeed.</summary>
public sealed record CatchUpFailed(NodeName Source, NodeName Target, MirrorOutcome Outcome) : FinalSyncBlocker(Source, Target)
{
    public override string Describe() => $"the catch-up mirror run {Source} → {Target} did not succeed ({Outcome.Verdict}: {Outcome.Describe()})";
}
