using System.Text.Json;
using System.Text.Json.Serialization;
using MailHa.Operations.Journal;
using MailHa.Operations.Ldap;
using MailHa.Operations.Liveness;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Failover;

/// <summary>
/// What one check of a plan finds now, as a value (<see cref="FailoverPlan.Findings"/>); ages are as of the plan.
/// <see cref="PlanText.Finding"/> words each case once, for the dry run, the approval card and <c>--json</c>.
/// The fingerprint does not read these: it covers <see cref="FailoverPlan.FingerprintFacts"/>.
/// </summary>
[JsonConverter(typeof(PlanFindingJsonConverter))]
public abstract record PlanFinding;

/// <summary>The service's recorded roles.</summary>
public sealed record RolesFinding(RoleState Roles) : PlanFinding;

/// <summary>Who holds the VIP; <paramref name="Taken"/>: the health watch's answer on it, taken instead of probing.</summary>
public sealed record VipFinding(VipReport Vip, TakenFromWatch? Taken) : PlanFinding;

/// <summary>The node giving up the VIP: reachable over SSH, or what asking it came to (or what the health watch found).</summary>
public sealed record SourceFinding(NodeName Node, CommandOutcome Reach, TakenFromWatch? Taken) : PlanFinding;

/// <summary>The node taking the VIP: reachable over SSH (or not), and what its mail service answers.</summary>
public sealed record TargetFinding(NodeName Node, CommandOutcome Reach, TakenFromWatch? Taken, ServiceAnswer Service) : PlanFinding;

/// <summary>
/// The mirror's last run (null: it never ran), how long ago it ended, and how old the last good run is (null: none
/// succeeded): an unplanned failover loses the mail received since then.
/// </summary>
public sealed record MirrorFinding(MirrorRun? Last, TimeSpan? LastEndedAgo, TimeSpan? LastGoodAge) : PlanFinding;

/// <summary>The directory's replication (<paramref name="Report"/>), or why it is unknown (<paramref name="Cutoff"/>: a node did not answer).</summary>
public sealed record DirectoryFinding(ReplicationReport? Report, NotWaitedFor? Cutoff) : PlanFinding;

/// <summary>Which service moves where, with its VIP; <paramref name="OverCapacityAccepted"/> when the approver accepts the target's capacity.</summary>
public sealed record MoveFinding(ServiceName Service, string VipAddress, NodeName Source, NodeName Target, bool OverCapacityAccepted) : PlanFinding;

/// <summary>
/// The target is past the standby the mirror feeds: how old its own copy of the store is (<paramref name="Copy"/> null:
/// never mirrored into; <paramref name="Age"/>: since that run started), and whether this operation brings it current
/// before it serves (<paramref name="SourceAnswers"/>: the catch-up and final sync pull from the source; if not, the final
/// sync runs only if the source's rsync daemon still answers).
/// </summary>
public sealed record TargetCopyFinding(ServiceName Service, OperationKind Kind, NodeName Source, NodeName Target, MirrorRun? Copy, TimeSpan? Age, bool SourceAnswers) : PlanFinding;

/// <summary>A mirror run holds the service's lease: the operation waits for it to end (<see cref="ServiceLease.MirrorRunWaitLimit"/>), it is not refused.</summary>
public sealed record MirrorRunningFinding(OperationLease Lease, OperationKind Kind) : PlanFinding;

/// <summary>Another operation holds the service's lease (the plan is refused: <see cref="AnotherOperationRunning"/>).</summary>
public sealed record OperationRunningFinding(OperationLease Lease) : PlanFinding;

/// <summary>An operation on the service was interrupted, with the steps it had done.</summary>
public sealed record InterruptedFinding(OperationRecord Operation) : PlanFinding;

/// <summary>A health watch's finding a plan took instead of asking again, and how old it was then: it is the watch's, not the plan's own look.</summary>
public sealed record TakenFromWatch(WatchFinding Finding, TimeSpan Age);

/// <summary>A finding in <c>--json</c> is the line the dry run shows (what <c>--json</c> has always printed): written, never read back.</summary>
public sealed class PlanFindingJsonConverter : JsonConverter<PlanFinding>
{
    public override PlanFinding Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("A plan's findings are written for people to read, never read back.");

    public override void Write(Utf8JsonWriter writer, PlanFinding value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(PlanText.Finding(value));
    }
}
