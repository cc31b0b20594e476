using System.Globalization;
using System.Text.Json.Serialization;
using MailHa.Operations.Reporting;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Mirror;

/// <summary>The four verdicts a mirror run can reach; the journal records this beside the description.</summary>
public enum MirrorVerdict
{
    /// <summary>rsync exit 0, or 24 (files vanished: routine in a live mail store).</summary>
    Succeeded,

    /// <summary>rsync exit 23: some files were not transferred; the mirror is mostly current.</summary>
    Warning,

    /// <summary>rsync failed (auth, network, max-delete ceiling...); the standby copy may be stale.</summary>
    Failed,

    /// <summary>A guard refused to run (paused, wrong direction, empty source...). Nothing was changed.</summary>
    Refused,
}

/// <summary>
/// What a mirror run came to, with the reason as a value: alerts and chat switch on the case, never on
/// the text. <see cref="Describe"/> is the one line an operator reads.
/// </summary>
// Serialised with its kind and members (status --json, mirror history --json, the console board).
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(Transferred), "transferred")]
[JsonDerivedType(typeof(PartlyTransferred), "partlyTransferred")]
[JsonDerivedType(typeof(MaxDeleteReached), "maxDeleteReached")]
[JsonDerivedType(typeof(RsyncAuthFailed), "rsyncAuthFailed")]
[JsonDerivedType(typeof(RsyncFailed), "rsyncFailed")]
[JsonDerivedType(typeof(StoreFull), "storeFull")]
[JsonDerivedType(typeof(SourceNotCounted), "sourceNotCounted")]
[JsonDerivedType(typeof(MirrorNodeUnreachable), "mirrorNodeUnreachable")]
[JsonDerivedType(typeof(MirrorTimedOut), "mirrorTimedOut")]
[JsonDerivedType(typeof(MirrorPaused), "mirrorPaused")]
[JsonDerivedType(typeof(SentinelMissing), "sentinelMissing")]
[JsonDerivedType(typeof(FileCountDropped), "fileCountDropped")]
[JsonDerivedType(typeof(RolesChangedElsewhere), "rolesChangedElsewhere")]
[JsonDerivedType(typeof(WrongDirection), "wrongDirection")]
[JsonDerivedType(typeof(TargetHoldsVip), "targetHoldsVip")]
[JsonDerivedType(typeof(PasswordFileUnsafe), "passwordFileUnsafe")]
[JsonDerivedType(typeof(PullStillRunning), "pullStillRunning")]
[JsonDerivedType(typeof(GuardRefused), "guardRefused")]
[JsonDerivedType(typeof(AlreadyRunning), "alreadyRunning")]
[JsonDerivedType(typeof(OperationRunning), "operationRunning")]
[JsonDerivedType(typeof(Journaled), "journaled")]
public abstract record MirrorOutcome
{
    public abstract MirrorVerdict Verdict { get; }

    /// <summary>Success or warning: the standby received the store.</summary>
    public bool IsGood => Verdict is MirrorVerdict.Succeeded or MirrorVerdict.Warning;

    /// <summary>One line for reports; empty for a plain success.</summary>
    public abstract string Describe();
}

/// <summary>rsync exit 0 or 24: the standby is current (files that vanished mid-run were mail moved or expunged).</summary>
public sealed record Transferred(int VanishedFiles) : MirrorOutcome
{
    public override MirrorVerdict Verdict => MirrorVerdict.Succeeded;

    public override string Describe() => VanishedFiles == 0
        ? ""
        : $"{VanishedFiles} file(s) vanished during the transfer (routine: mail moved or expunged)";
}

/// <summary>rsync exit 23: some files were not transferred; the mirror is mostly current.</summary>
public sealed record PartlyTransferred(int FailedFiles, string FirstError) : MirrorOutcome
{
    public override MirrorVerdict Verdict => MirrorVerdict.Warning;

    public override string Describe() => $"partial transfer: {FailedFiles} file(s) not transferred; first error: {FirstError}";
}

/// <summary>The run was tried and did not leave the standby current.</summary>
public abstract record MirrorFailure : MirrorOutcome
{
    public override MirrorVerdict Verdict => MirrorVerdict.Failed;
}

/// <summary>rsync stopped at the <c>--max-delete</c> ceiling: the source lost many files.</summary>
public sealed record MaxDeleteReached(long? DeletedBeforeStop) : MirrorFailure
{
    public override string Describe() =>
        $"stopped at the --max-delete ceiling: the source would delete more than allowed ({DeletedBeforeStop?.ToString(CultureInfo.InvariantCulture) ?? "many"} deleted before stopping). Check the primary's store before the next run.";
}

/// <summary>The source's rsync daemon refused the standby's password.</summary>
public sealed record RsyncAuthFailed(int ExitCode, string Error) : MirrorFailure
{
    public override string Describe() => $"rsync exit {ExitCode}: {Error}";
}

/// <summary>
/// The pulling node's store file system is full (rsync: "No space left on device"). The pull deletes only after a
/// complete transfer (<c>--delete-after</c>), so a run stopped by a full disk deleted nothing there.
/// </summary>
public sealed record StoreFull(NodeName Node, int ExitCode, string Error) : MirrorFailure
{
    public override string Describe() => $"{Node}'s store file system is full (rsync exit {ExitCode}: {Error})";
}

/// <summary>Any other rsync failure (network to the source's daemon, protocol, I/O), with rsync's own reason.</summary>
public sealed record RsyncFailed(int ExitCode, string Error) : MirrorFailure
{
    public override string Describe() => $"rsync exit {ExitCode}: {Error}";
}

/// <summary>The source's store could not be counted before the pull (the count command failed).</summary>
public sealed record SourceNotCounted(NodeName Node, string Detail) : MirrorFailure
{
    public override string Describe() => $"cannot count the source store on {Node}: {Detail}";
}

/// <summary>The node that runs the pull could not be reached over SSH (or refused us).</summary>
public sealed record MirrorNodeUnreachable(NodeName Node, string Detail) : MirrorFailure
{
    public override string Describe() => Detail;
}

/// <summary>The pull outlived its timeout and was cancelled.</summary>
public sealed record MirrorTimedOut(NodeName Node, TimeSpan After) : MirrorFailure
{
    public override string Describe() => $"{Node}: timed out after {Durations.Format(After)}";
}

/// <summary>A guard refused to run; nothing was changed on either store.</summary>
public abstract record MirrorRefusal : MirrorOutcome
{
    public override MirrorVerdict Verdict => MirrorVerdict.Refused;
}

/// <summary>The mirror is paused (after a failover) until an operator sets the direction.</summary>
public sealed record MirrorPaused(DateTimeOffset Since, string Reason, NodeName Active, NodeName Standby) : MirrorRefusal
{
    public override string Describe() =>
        $"the mirror is paused since {Since:yyyy-MM-dd HH:mm}Z ({Reason}); an operator must set the new direction ({Active} → {Standby}) with 'mirror resume'";
}

/// <summary>The source store has no sentinel file: unmounted or emptied; pulling would delete the standby's copy.</summary>
public sealed record SentinelMissing(NodeName Source, string SentinelFile, string? StorePath) : MirrorRefusal
{
    public override string Describe() => StorePath is null
        ? $"the source store on {Source} has no {SentinelFile}: unmounted or emptied? refusing to pull"
        : $"the source store on {Source} has no {SentinelFile} at {StorePath}: unmounted or emptied? refusing to pull";
}

/// <summary>The source holds far fewer files than at the last good run.</summary>
public sealed record FileCountDropped(NodeName Source, long Files, long Before, double MaxDrop) : MirrorRefusal
{
    public override string Describe() =>
        $"the source store on {Source} has {Files} files, down from {Before} at the last good run (more than {MaxDrop:P0} gone): refusing to pull and delete; check the primary's store";
}

/// <summary>The target's state file records a newer role generation: roles changed elsewhere.</summary>
public sealed record RolesChangedElsewhere(string Detail) : MirrorRefusal
{
    public override string Describe() => Detail;
}

/// <summary>The target's state file names another active node: pulling would go the wrong way.</summary>
public sealed record WrongDirection(string Detail) : MirrorRefusal
{
    public override string Describe() => Detail;
}

/// <summary>The target holds the VIP: it is the live store and must never be pulled over.</summary>
public sealed record TargetHoldsVip(string Detail) : MirrorRefusal
{
    public override string Describe() => Detail;
}

/// <summary>The rsync password file on the target is missing or readable by others than root.</summary>
public sealed record PasswordFileUnsafe(string Detail) : MirrorRefusal
{
    public override string Describe() => Detail;
}

/// <summary>
/// An earlier pull into the same store still runs on the target (typically left by a MailHa instance that died
/// mid-run): a second one is never started beside it. <paramref name="Detail"/> names its PIDs.
/// </summary>
public sealed record PullStillRunning(NodeName Node, string Detail) : MirrorRefusal
{
    public override string Describe() => Detail;
}

/// <summary>A guard of the pull script the runner does not know by its exit code (a newer script).</summary>
public sealed record GuardRefused(int Code, string Detail) : MirrorRefusal
{
    public override string Describe() => Detail;
}

/// <summary>A mirror run is already in progress; this trigger was not queued (not recorded).</summary>
public sealed record AlreadyRunning(string Running) : MirrorRefusal
{
    public override string Describe() => $"a mirror run is already in progress ({Running}); this trigger was not queued";
}

/// <summary>Another operation holds the operation lock (not recorded).</summary>
public sealed record OperationRunning(string Lease) : MirrorRefusal
{
    public override string Describe() => $"another operation is running: {Lease}";
}

/// <summary>A run read back from the journal: its verdict and its description as recorded.</summary>
public sealed record Journaled(MirrorVerdict Recorded, string Description) : MirrorOutcome
{
    public override MirrorVerdict Verdict => Recorded;

    public override string Describe() => Description;
}
