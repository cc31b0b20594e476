using System.Text.Json.Serialization;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>
/// What the operator does once an operation has ended, as a fact the report carries; the bot words it
/// (<c>FailoverReportText</c>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "case")]
[JsonDerivedType(typeof(SetMirrorDirection), "setMirrorDirection")]
[JsonDerivedType(typeof(NothingChanged), "nothingChanged")]
[JsonDerivedType(typeof(MakeTargetHealthy), "makeTargetHealthy")]
[JsonDerivedType(typeof(AcknowledgePrimaryDown), "acknowledgePrimaryDown")]
[JsonDerivedType(typeof(ClearVip), "clearVip")]
[JsonDerivedType(typeof(FixMirrorBeforeFence), "fixMirrorBeforeFence")]
[JsonDerivedType(typeof(FixFinalSync), "fixFinalSync")]
[JsonDerivedType(typeof(WaitForPull), "waitForPull")]
[JsonDerivedType(typeof(RepairReplication), "repairReplication")]
[JsonDerivedType(typeof(FinishRecording), "finishRecording")]
[JsonDerivedType(typeof(CheckStatusAndRetry), "checkStatusAndRetry")]
[JsonDerivedType(typeof(RequestAgainRolledBack), "requestAgainRolledBack")]
[JsonDerivedType(typeof(RaiseVipByHand), "raiseVipByHand")]
public abstract record NextStep;

/// <summary>It succeeded: the mirror is paused until an operator sets the new direction, <paramref name="From"/> → <paramref name="To"/>.</summary>
public sealed record SetMirrorDirection(OperationKind Kind, NodeName From, NodeName To) : NextStep;

/// <summary>It was refused: nothing was changed.</summary>
public sealed record NothingChanged : NextStep;

/// <summary>The preflight stopped it: nothing was changed; make the target healthy, then request again.</summary>
public sealed record MakeTargetHealthy(NodeName Target) : NextStep;

/// <summary>The source cannot be reached: if it is really down and the VIP silent, request again acknowledging it is down.</summary>
public sealed record AcknowledgePrimaryDown(NodeName Source, NodeName Target) : NextStep;

/// <summary>The fence stopped it: find who holds the VIP, take it down there, request again.</summary>
public sealed record ClearVip(string Vip) : NextStep;

/// <summary>The final sync could not have run, so nothing was changed: fix the mirror, or request again accepting a final-sync failure.</summary>
public sealed record FixMirrorBeforeFence(OperationKind Kind, NodeName Source, NodeName Target) : NextStep;

/// <summary>The final sync failed: fix the mirror, or request again accepting the failure.</summary>
public sealed record FixFinalSync : NextStep;

/// <summary>An earlier pull still writes into <paramref name="Node"/>'s store: wait for it (or kill it), then request again; never accepted.</summary>
public sealed record WaitForPull(OperationKind Kind, NodeName Node) : NextStep;

/// <summary>Directory replication is broken: repair it, or request again accepting it.</summary>
public sealed record RepairReplication : NextStep;

/// <summary>The VIP moved but the roles were not recorded: run the operation again to finish.</summary>
public sealed record FinishRecording : NextStep;

/// <summary>Any other stop: status shows who holds the VIP; request again once the cause is fixed.</summary>
public sealed record CheckStatusAndRetry : NextStep;

/// <summary>The fence was undone (<paramref name="Rollback"/>): fix the cause, then request again.</summary>
public sealed record RequestAgainRolledBack(OperationKind Kind, RollbackOutcome Rollback) : NextStep;

/// <summary>Undoing the fence failed (<paramref name="Rollback"/>): mail may be down; raise the VIP by hand on one node only.</summary>
public sealed record RaiseVipByHand(RollbackOutcome Rollback) : NextStep;
