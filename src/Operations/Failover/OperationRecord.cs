using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>An operation on one service as kept in the journal; an unfinished one is what a re-run resumes. <see cref="LastDone"/>: its newest completed step.</summary>
public sealed record OperationRecord(
    ServiceName Service,
    string Id,
    OperationKind Kind,
    NodeName Source,
    NodeName Target,
    long StartGeneration,
    string RequestedBy,
    string ApprovedBy,
    string State,
    DateTimeOffset StartedAt,
    IReadOnlySet<string> DoneSteps,
    CompletedStep? LastDone = null);

/// <summary>A step an operation completed, and when.</summary>
public sealed record CompletedStep(string Step, DateTimeOffset At);
