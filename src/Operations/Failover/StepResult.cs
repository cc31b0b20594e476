using System.Text.Json.Serialization;
using MailHa.Operations.Ldap;
using MailHa.Operations.Mirror;
using MailHa.Operations.Reporting;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>
/// What a step came to, as a value: the report, the next steps and the tests switch on the case, never on the text.
/// <see cref="Describe"/> is the one line kept in the journal (<c>operation_steps.detail</c>), the audit trail and the
/// step's progress line; its words are pinned once, in <c>StepDetailTextTests</c>.
/// </summary>
// Serialised with its case and members (the report of --json; "case", as several cases have a Kind).
[JsonPolymorphic(TypeDiscriminatorPropertyName = "case")]
[JsonDerivedType(typeof(PreflightPassed), "preflightPassed")]
[JsonDerivedType(typeof(TargetNotReached), "targetNotReached")]
[JsonDerivedType(typeof(TargetMailSilent), "targetMailSilent")]
[JsonDerivedType(typeof(TargetDirectorySilent), "targetDirectorySilent")]
[JsonDerivedType(typeof(Fenced), "fenced")]
[JsonDerivedType(typeof(FencedUnreachable), "fencedUnreachable")]
[JsonDerivedType(typeof(FenceBlocked), "fenceBlocked")]
[JsonDerivedType(typeof(VipDropFailed), "vipDropFailed")]
[JsonDerivedType(typeof(VipStillAnswers), "vipStillAnswers")]
[JsonDerivedType(typeof(VipSilenceUnproven), "vipSilenceUnproven")]
[JsonDerivedType(typeof(SourceNeededUp), "sourceNeededUp")]
[JsonDerivedType(typeof(SourceDownVipAnswers), "sourceDownVipAnswers")]
[JsonDerivedType(typeof(PrimaryDownNotAcknowledged), "primaryDownNotAcknowledged")]
[JsonDerivedType(typeof(DrainNotConfigured), "drainNotConfigured")]
[JsonDerivedType(typeof(DrainSkippedSourceDown), "drainSkippedSourceDown")]
[JsonDerivedType(typeof(Drained), "drained")]
[JsonDerivedType(typeof(MailLeftAccepted), "mailLeftAccepted")]
[JsonDerivedType(typeof(MailStillQueued), "mailStillQueued")]
[JsonDerivedType(typeof(Synced), "synced")]
[JsonDerivedType(typeof(SyncSkippedSourceDown), "syncSkippedSourceDown")]
[JsonDerivedType(typeof(SyncFailureAccepted), "syncFailureAccepted")]
[JsonDerivedType(typeof(SyncRefusedPullRunning), "syncRefusedPullRunning")]
[JsonDerivedType(typeof(SyncFailed), "syncFailed")]
[JsonDerivedType(typeof(ReplicationChecked), "replicationChecked")]
[JsonDerivedType(typeof(ReplicationBrokenAccepted), "replicationBrokenAccepted")]
[JsonDerivedType(typeof(ReplicationBroken), "replicationBroken")]
[JsonDerivedType(typeof(DirectoryAlone), "directoryAlone")]
[JsonDerivedType(typeof(DirectoryAloneSilent), "directoryAloneSilent")]
[JsonDerivedType(typeof(VipRaised), "vipRaised")]
[JsonDerivedType(typeof(InterfacesUnreadable), "interfacesUnreadable")]
[JsonDerivedType(typeof(DuplicateAddress), "duplicateAddress")]
[JsonDerivedType(typeof(StrayPullNotStopped), "strayPullNotStopped")]
[JsonDerivedType(typeof(VipRaiseFailed), "vipRaiseFailed")]
[JsonDerivedType(typeof(VipAnswersFromTarget), "vipAnswersFromTarget")]
[JsonDerivedType(typeof(VipAnsweredByOther), "vipAnsweredByOther")]
[JsonDerivedType(typeof(VipSilent), "vipSilent")]
[JsonDerivedType(typeof(RolesRecorded), "rolesRecorded")]
[JsonDerivedType(typeof(RolesChangedMeanwhile), "rolesChangedMeanwhile")]
[JsonDerivedType(typeof(StepCrashed), "stepCrashed")]
public abstract record StepResult
{
    /// <summary>The step's one line: what it did or why it stopped.</summary>
    public abstract string Describe();
}

/// <summary>The step did its part (maybe with something the operator should know, accepted by the approver).</summary>
public abstract record StepDone : StepResult;

/// <summary>The step stopped the plan.</summary>
public abstract record StepFailed : StepResult;

// 1. preflight

/// <summary>The target is reachable, its mail service answers on its own address with <paramref name="Banner"/>, its directory answers.</summary>
public sealed record PreflightPassed(NodeName Target, string Address, int Port, string Banner) : StepDone
{
    public override string Describe() => $"{Target} reachable, mail answers on {Address}:{Port} (\"{Banner}\"), directory answers";
}

/// <summary>The target cannot be reached over SSH. Nothing was changed.</summary>
public sealed record TargetNotReached(NodeName Target, CommandOutcome Reach) : StepFailed
{
    public override string Describe() => $"{Target} cannot be reached: {Reach.Describe()}. Nothing was changed.";
}

/// <summary>The target's mail service does not answer on its own address. Nothing was changed.</summary>
public sealed record TargetMailSilent(NodeName Target, string Address, int Port, string Reason) : StepFailed
{
    public override string Describe() =>
        $"the mail service on {Target} does not answer on {Address}:{Port} ({Reason}): moving the VIP there would not restore mail. Nothing was changed.";
}

/// <summary>The target's directory does not answer. Nothing was changed.</summary>
public sealed record TargetDirectorySilent(NodeName Target, string Problem) : StepFailed
{
    public override string Describe() => $"the directory on {Target} does not answer: {Problem}. Nothing was changed.";
}

// 2. fence

/// <summary>
/// The source is fenced: the VIP taken down there (<paramref name="Held"/>: it had it), its state file paused
/// (<paramref name="StateFile"/>), the VIP proven silent from the target; <paramref name="CatchUp"/> is the catch-up run
/// before it (null: none ran). Its mail queue is drained by the next step (<see cref="DrainMailStep"/>).
/// </summary>
public sealed record Fenced(NodeName Source, NodeName Target, string Vip, bool Held, CommandOutcome StateFile, MirrorRun? CatchUp) : StepDone
{
    public override string Describe()
    {
        var participation = StateFile.Succeeded ? "its mirror paused" : $"its state file NOT updated ({StateFile.Describe()})";
        return (Held
            ? $"VIP {Vip} taken down on {Source}; {participation}; nobody answers ARP for it (duplicate-address probe from {Target})"
            : $"{Source} did not hold the VIP; {participation}; nobody answers ARP for it (duplicate-address probe from {Target})")
            + (CatchUp is null ? "" : $"; catch-up mirror run before it: {CatchUp.Describe()}");
    }
}

/// <summary>A failover whose source cannot be reached (<paramref name="FoundByPlan"/>: not asked again) and the VIP is silent; the approver acknowledged it is down.</summary>
public sealed record FencedUnreachable(NodeName Source, CommandOutcome Reach, bool FoundByPlan, string ApprovedBy) : StepDone
{
    public override string Describe() =>
        (FoundByPlan ? $"{Source} skipped, not asked again: the plan found it unreachable ({Reach.Describe()})" : $"{Source} unreachable ({Reach.Describe()})")
        + $" and nobody answers ARP for the VIP; {ApprovedBy} acknowledged {Source} is down";
}

/// <summary>The final sync could not run (<paramref name="Blocker"/>), so the source was not fenced: nothing was changed, it keeps the VIP.</summary>
public sealed record FenceBlocked(NodeName Source, FinalSyncBlocker Blocker) : StepFailed
{
    public override string Describe() => $"the final sync cannot run: {Blocker.Describe()}. Not fencing {Source}: nothing was changed, {Source} keeps the VIP";
}

/// <summary>Taking the VIP down on the source failed at <paramref name="Command"/>; the target was not touched.</summary>
public sealed record VipDropFailed(NodeName Source, string Command, CommandOutcome Outcome) : StepFailed
{
    public override string Describe() =>
        $"taking the VIP down on {Source} failed at {Command}: {Outcome.Describe()}. The VIP may still be on {Source}; the standby was not touched.";
}

/// <summary>After fencing the source, the VIP still answers at ARP level: something else holds it.</summary>
public sealed record VipStillAnswers(string Vip, NodeName Source, NodeName Target) : StepFailed
{
    public override string Describe() =>
        $"the VIP {Vip} still answers at ARP level after fencing {Source} (duplicate-address probe from {Target}): something else holds it. Not raising it on {Target}: that would be split brain.";
}

/// <summary>The duplicate-address probe from the target did not run, so the VIP's silence is not proven.</summary>
public sealed record VipSilenceUnproven(string Vip, NodeName Target, CommandOutcome Probe) : StepFailed
{
    public override string Describe() =>
        $"cannot prove the VIP {Vip} silent: the duplicate-address probe from {Target} did not run ({Probe.Describe()}). Not raising it on {Target}.";
}

/// <summary>A switchover or failback found its source unreachable: it needs both nodes up. Nothing was changed.</summary>
public sealed record SourceNeededUp(NodeName Source, OperationKind Kind, CommandOutcome Reach) : StepFailed
{
    public override string Describe() =>
        $"{Source} cannot be reached ({Reach.Describe()}): a {Kind.ToString().ToLowerInvariant()} needs both nodes up. Use a failover if {Source} is down. Nothing was changed.";
}

/// <summary>The source cannot be reached but the VIP still answers at ARP level: something holds it.</summary>
public sealed record SourceDownVipAnswers(NodeName Source, CommandOutcome Reach, NodeName Target, string Vip) : StepFailed
{
    public override string Describe() =>
        $"{Source} cannot be reached ({Reach.Describe()}) but the VIP still answers at ARP level (duplicate-address probe from {Target}): something still holds {Vip}. Not raising it on {Target}: that would be split brain. Power off or isolate {Source}, then retry.";
}

/// <summary>The source cannot be reached, the VIP is silent, and the approver did not acknowledge the source is down. Nothing was changed.</summary>
public sealed record PrimaryDownNotAcknowledged(NodeName Source, CommandOutcome Reach) : StepFailed
{
    public override string Describe() =>
        $"{Source} cannot be reached ({Reach.Describe()}) and the VIP is silent. Continuing needs the approver's explicit acknowledgement that {Source} is down (primary-down). Nothing was changed.";
}

// 3. drain-mail

/// <summary>No queue count is configured (<c>Mirror:QueueCountCommand</c>): mail the source's MTA accepted but has not stored yet is not waited for.</summary>
public sealed record DrainNotConfigured(NodeName Source) : StepDone
{
    public override string Describe() =>
        $"not run: no queue count is configured (Mirror:QueueCountCommand), so mail {Source}'s MTA accepted but has not stored yet is not waited for";
}

/// <summary>The source cannot be reached (<paramref name="Down"/>): mail still queued there stays there.</summary>
public sealed record DrainSkippedSourceDown(NodeName Source, CommandOutcome Down) : StepDone
{
    public override string Describe() => $"not run: {Source} cannot be reached ({Down.Describe()}); mail still queued there stays there";
}

/// <summary>The source's MTA holds nothing for the store (<paramref name="Drain"/>): the final sync carries everything it accepted.</summary>
public sealed record Drained(QueueDrain Drain) : StepDone
{
    public override string Describe() => Drain.Describe();
}

/// <summary>Mail is still queued on the source (<paramref name="Drain"/>) and the approver accepted a final-sync failure: it is not on the target.</summary>
public sealed record MailLeftAccepted(QueueDrain Drain, NodeName Source, NodeName Target, string ApprovedBy) : StepDone
{
    public override string Describe() =>
        $"{Drain.Describe()}; accepted by {ApprovedBy}: mail {Source} delivers into its store after the final sync is not on {Target}, and the first mirror run {Target} → {Source} would delete it (runbook §8: copy it over before 'mirror resume')";
}

/// <summary>Mail is still queued on the source, or its queue could not be read (<paramref name="Drain"/>): the move stops, and the source's MTA stores it there.</summary>
public sealed record MailStillQueued(QueueDrain Drain, NodeName Source) : StepFailed
{
    public override string Describe() => $"{Drain.Describe()}. Not pulling without it: the move stops here, and {Source}'s MTA stores it there";
}

// 3. final-sync

/// <summary>The final sync ran and succeeded (or warned).</summary>
public sealed record Synced(MirrorRun Run) : StepDone
{
    public override string Describe() => Run.Describe();
}

/// <summary>
/// The source is down (<paramref name="Down"/>) and its rsync daemon or module cannot be reached (<paramref name="Daemon"/>: the
/// probe at approval, or <paramref name="Run"/>: the pull that failed): skipped; mail received after <paramref name="LastGood"/>
/// is not on the target (null: the mirror never succeeded).
/// </summary>
public sealed record SyncSkippedSourceDown(NodeName Source, NodeName Target, CommandOutcome Down, CommandOutcome? Daemon, MirrorRun? Run, DateTimeOffset? LastGood) : StepDone
{
    public override string Describe()
    {
        var since = LastGood is { } good
            ? $"mail received on {Source} after {good:yyyy-MM-dd HH:mm:ss}Z (the last good run into {Target}) is not on {Target}"
            : $"the mirror never succeeded into {Target}: it serves whatever copy of the store it held";
        return Daemon is not null
            ? $"{Source} is down ({Down.Describe()}) and its rsync daemon cannot be reached ({Daemon.Describe()}): skipped; {since}"
            : $"{Source} is down and its rsync module cannot be reached ({Run?.Message}): skipped; {since}";
    }
}

/// <summary>The final sync failed, and the approver accepted that.</summary>
public sealed record SyncFailureAccepted(MirrorRun Run, string ApprovedBy) : StepDone
{
    public override string Describe() => $"FAILED but accepted by {ApprovedBy}: {Run.Describe()}";
}

/// <summary>An earlier pull still writes into the target's store and could not be stopped: never accepted as a final-sync failure.</summary>
public sealed record SyncRefusedPullRunning(NodeName Source, NodeName Target, PullStillRunning Running) : StepFailed
{
    public override string Describe() => $"the final sync {Source} → {Target} was refused: {Running.Describe()}";
}

/// <summary>The final sync did not succeed (and its failure was not accepted).</summary>
public sealed record SyncFailed(NodeName Source, NodeName Target, MirrorRun Run) : StepFailed
{
    public override string Describe() => $"the final sync {Source} → {Target} did not succeed: {Run.Describe()}";
}

// 4. verify-directory

/// <summary>Replication of every replicated suffix is in sync or lagging, not broken.</summary>
public sealed record ReplicationChecked(ReplicationReport Report) : StepDone
{
    public override string Describe() => Summary(Report);

    internal static string Summary(ReplicationReport report) => string.Join("; ", report.Suffixes.Select(s => s.Describe()));
}

/// <summary>Replication is broken, and the approver accepted that.</summary>
public sealed record ReplicationBrokenAccepted(ReplicationReport Report, string ApprovedBy) : StepDone
{
    public override string Describe() => $"BROKEN but accepted by {ApprovedBy}: {ReplicationChecked.Summary(Report)}";
}

/// <summary>Replication is broken (and that was not accepted).</summary>
public sealed record ReplicationBroken(ReplicationReport Report) : StepFailed
{
    public override string Describe() => $"replication is broken: {ReplicationChecked.Summary(Report)}";
}

/// <summary>The source is down: replication cannot be compared; the target's directory answers with every replicated suffix.</summary>
public sealed record DirectoryAlone(NodeName Source, NodeName Target) : StepDone
{
    public override string Describe() => $"{Source} is down: replication cannot be compared; {Target}'s directory answers with every replicated suffix";
}

/// <summary>The source is down and the target's directory does not answer either.</summary>
public sealed record DirectoryAloneSilent(NodeName Source, NodeName Target, string Problem) : StepFailed
{
    public override string Describe() => $"{Source} is down and {Target}'s directory does not answer: {Problem}";
}

// 5. raise-vip

/// <summary>
/// The VIP is up on the target; <paramref name="Announce"/> is the gratuitous ARP's outcome (null: the platform announces on
/// ifconfig up); <paramref name="StrayPids"/> the stray mirror pull stopped first (null: none).
/// </summary>
public sealed record VipRaised(NodeName Target, string Vip, int PrefixLength, string Label, CommandOutcome? Announce, string? StrayPids) : StepDone
{
    public override string Describe()
    {
        var announced = Announce switch
        {
            null => "announced (Solaris: on ifconfig up)",
            { Succeeded: true } => "first gratuitous ARP sent, two more following in the background",
            var failed => $"gratuitous ARP could NOT run ({failed.Describe()}): neighbours may keep the old MAC until their caches expire",
        };
        var stray = StrayPids is { } pids ? $"; first stopped a stray mirror pull into its store (PID {pids}), left by a MailHa that died mid-run" : "";
        return $"VIP {Vip}/{PrefixLength} up on {Target} ({Label}), {announced}{stray}";
    }
}

/// <summary>The target's interfaces could not be read.</summary>
public sealed record InterfacesUnreadable(NodeName Target, CommandOutcome Listing) : StepFailed
{
    public override string Describe() => $"cannot read {Target}'s interfaces: {Listing.Describe()}";
}

/// <summary>Another host answers for the VIP: not raised (split brain).</summary>
public sealed record DuplicateAddress(NodeName Target, string Vip, CommandOutcome Probe) : StepFailed
{
    public override string Describe() =>
        $"duplicate-address probe from {Target}: another host answers for {Vip} ({Probe.Describe()}). Not raising it: that would be split brain.";
}

/// <summary>Whether a mirror pull still writes into the target's store could not be made sure of.</summary>
public sealed record StrayPullNotStopped(NodeName Target, CommandOutcome Outcome) : StepFailed
{
    public override string Describe() => $"cannot make sure no mirror pull still writes into {Target}'s store: {Outcome.Describe()}";
}

/// <summary>Raising the VIP on the target failed at <paramref name="Command"/>.</summary>
public sealed record VipRaiseFailed(NodeName Target, string Command, CommandOutcome Outcome) : StepFailed
{
    public override string Describe() => $"raising the VIP on {Target} failed at {Command}: {Outcome.Describe()}";
}

// 6. verify-vip

/// <summary>The VIP answers, from the target.</summary>
public sealed record VipAnswersFromTarget(string Vip, int Port, NodeName Target, string Banner) : StepDone
{
    public override string Describe() => $"{Vip}:{Port} answers from {Target}: \"{Banner}\"";
}

/// <summary>The VIP answers, but not from the target.</summary>
public sealed record VipAnsweredByOther(NodeName Target, string Banner) : StepFailed
{
    public override string Describe() => $"the VIP answers, but not from {Target}: \"{Banner}\"";
}

/// <summary>The VIP did not answer within <paramref name="After"/>.</summary>
public sealed record VipSilent(TimeSpan After, string Reason) : StepFailed
{
    public override string Describe() => $"the VIP does not answer after {After.TotalSeconds:0}s: {Reason}";
}

// 7. record-roles

/// <summary>The new roles are recorded (<paramref name="State"/>); <paramref name="Missed"/> are the nodes whose state file was not written.</summary>
public sealed record RolesRecorded(RoleState State, IReadOnlyList<MissedStateFile> Missed) : StepDone
{
    public override string Describe() => $"{State.Describe()}; " + (Missed.Count == 0
        ? "state file written on every node of the move"
        : $"state file NOT written on {string.Join(", ", Missed.Select(m => m.Describe()))}: it still names the old roles; the mirror guard refuses there until it is updated");
}

/// <summary>A node whose state file was not written: <paramref name="Outcome"/> says why (<paramref name="NotTried"/>: it was found unreachable at approval).</summary>
public sealed record MissedStateFile(NodeName Node, CommandOutcome Outcome, bool NotTried)
{
    public string Describe() => NotTried ? $"{Node} (not tried: unreachable at approval, {Outcome.Describe()})" : $"{Node} ({Outcome.Describe()})";
}

/// <summary>The recorded roles changed while the operation ran: not overwritten.</summary>
public sealed record RolesChangedMeanwhile(long Expected, RoleState Current) : StepFailed
{
    public override string Describe() =>
        $"the recorded roles changed while this operation ran (generation {Expected} expected, now {Current.Generation}: {Current.Describe()}); not overwriting them";
}

// any step

/// <summary>The step threw (a bug): <paramref name="Error"/> is the exception's message.</summary>
public sealed record StepCrashed(string Error) : StepFailed
{
    public override string Describe() => $"unexpected error: {Error}";
}
