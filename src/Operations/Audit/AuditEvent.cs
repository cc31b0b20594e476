using System.Text.Json.Serialization;

namespace MailHa.Operations.Audit;

/// <summary>Where an audited event came from: a chat channel, the break-glass command line, or MailHa itself.</summary>
public enum AuditChannel
{
    Slack,
    Teams,
    Console,

    /// <summary>The break-glass command line (<c>mailha failover</c>…).</summary>
    Cli,

    /// <summary>MailHa on its own: an approved run, an expiry, the steps of an operation.</summary>
    MailHa,
}

/// <summary>How a request for a change that needs a second person ended when it was asked.</summary>
public enum RequestOutcome
{
    /// <summary>Waiting for a second person.</summary>
    Pending,

    /// <summary>Confirmed by typing on the command line: runs without a second person.</summary>
    Confirmed,

    /// <summary>The command line's typed confirmation did not match: nothing runs.</summary>
    NotConfirmed,
}

/// <summary>What someone decided on a pending request.</summary>
public enum ApprovalVerdict
{
    Approve,
    Reject,
}

/// <summary>What a decision came to: approved (run, or waiting for more approvers), rejected, or void because the situation changed.</summary>
public enum DecisionOutcome
{
    Approved,
    Rejected,
    Voided,
}

/// <summary>A mirror command a person runs at once (resuming it needs a second person: an approved run).</summary>
public enum MirrorCommand
{
    Run,
    Pause,
}

/// <summary>
/// One event of the audit trail: who (<see cref="Actor"/>), where from (<see cref="Channel"/>) and on what
/// (<see cref="Subject"/>). <see cref="AuditColumns"/> is the one mapping to and from the stored columns that the
/// hash chain covers; readers switch on the type. Details never hold secrets or message text.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ApprovalRequested), "request")]
[JsonDerivedType(typeof(ApprovalDecided), "decision")]
[JsonDerivedType(typeof(Refusal), "refusal")]
[JsonDerivedType(typeof(MirrorControlled), "mirror-control")]
[JsonDerivedType(typeof(ApprovedRunEnded), "approved-run")]
[JsonDerivedType(typeof(ApprovalVoided), "approval-voided")]
[JsonDerivedType(typeof(ApprovalExpired), "approval-expired")]
[JsonDerivedType(typeof(OperationStarted), "operation-start")]
[JsonDerivedType(typeof(OperationStep), "operation-step")]
[JsonDerivedType(typeof(OperationRolledBack), "operation-rollback")]
[JsonDerivedType(typeof(OperationEnded), "operation-end")]
[JsonDerivedType(typeof(UnrecognisedEntry), "unrecognised")]
public abstract record AuditEvent(string Actor, AuditChannel Channel)
{
    public abstract string Subject { get; }
}

/// <summary>Someone asked for a change a second person approves (on the command line: confirms by typing).</summary>
public sealed record ApprovalRequested(string Actor, AuditChannel Channel, string Subject, RequestOutcome Outcome, string Detail)
    : AuditEvent(Actor, Channel)
{
    public override string Subject { get; } = Subject;
}

/// <summary>Someone approved or rejected a pending request.</summary>
public sealed record ApprovalDecided(string Actor, AuditChannel Channel, string RequestId, ApprovalVerdict Verdict, DecisionOutcome Outcome, string Detail)
    : AuditEvent(Actor, Channel)
{
    public override string Subject => RequestId;
}

/// <summary>
/// A command refused before it changed anything: too long, not understood, not allowed, or refused by its own checks.
/// <see cref="Command"/> names what was refused as the trail records it (<c>switchover</c>, <c>approve</c>; <c>command</c>
/// when not even the command could be told).
/// </summary>
public sealed record Refusal(string Actor, AuditChannel Channel, string Command, string Subject, string Reason)
    : AuditEvent(Actor, Channel)
{
    public override string Subject { get; } = Subject;
}

/// <summary>A person ran or paused the mirror.</summary>
public sealed record MirrorControlled(string Actor, AuditChannel Channel, MirrorCommand Command, bool Succeeded, string Detail)
    : AuditEvent(Actor, Channel)
{
    public override string Subject => "mirror";
}

/// <summary>An approved (or break-glass confirmed) request ran to its end; <see cref="Actor"/> is who requested it.</summary>
public sealed record ApprovedRunEnded(string Actor, string Verb, string RequestId, bool Succeeded, string Detail)
    : AuditEvent(Actor, AuditChannel.MailHa)
{
    public override string Subject => RequestId;
}

/// <summary>An approved request did not start: the situation changed between approval and start.</summary>
public sealed record ApprovalVoided(string RequestId, string Detail) : AuditEvent(AuditColumns.SystemActor, AuditChannel.MailHa)
{
    public override string Subject => RequestId;
}

/// <summary>Nobody decided a pending request in time.</summary>
public sealed record ApprovalExpired(string RequestId, string Detail) : AuditEvent(AuditColumns.SystemActor, AuditChannel.MailHa)
{
    public override string Subject => RequestId;
}

/// <summary>An operation (<c>switchover op-…</c>) started, or resumed after an interruption; <see cref="Actor"/> requested it.</summary>
public sealed record OperationStarted(string Actor, string Operation, bool Resumed, string Detail) : AuditEvent(Actor, AuditChannel.MailHa)
{
    public override string Subject => Operation;
}

/// <summary>One step of an operation ended.</summary>
public sealed record OperationStep(string Actor, string Operation, string Step, bool Succeeded, string Detail) : AuditEvent(Actor, AuditChannel.MailHa)
{
    public override string Subject => Operation;
}

/// <summary>A failed operation that had fenced its source put the VIP back there (or failed to).</summary>
public sealed record OperationRolledBack(string Actor, string Operation, bool Succeeded, string Detail) : AuditEvent(Actor, AuditChannel.MailHa)
{
    public override string Subject => Operation;
}

/// <summary>An operation ended.</summary>
public sealed record OperationEnded(string Actor, string Operation, bool Succeeded, string Detail) : AuditEvent(Actor, AuditChannel.MailHa)
{
    public override string Subject => Operation;
}

/// <summary>A stored entry none of the events above reads as (written by another version, or by hand): kept as stored.</summary>
public sealed record UnrecognisedEntry(AuditRecord Columns) : AuditEvent(Columns.Actor, AuditChannel.MailHa)
{
    public override string Subject => Columns.Subject;
}
