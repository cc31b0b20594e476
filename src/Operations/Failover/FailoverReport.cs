using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>The end of an operation: each step, the state the system is left in, and what to do next.</summary>
public sealed record FailoverReport(
    string OperationId,
    OperationKind Kind,
    NodeName Source,
    NodeName Target,
    FailoverOutcome Outcome,
    IReadOnlyList<StepEvent> Steps,
    string Message,
    string SystemState,
    string NextSteps,
    string RequestedBy,
    string ApprovedBy,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt)
{
    /// <summary>The service the operation moved (or was refused for).</summary>
    public required ServiceName Service { get; init; }
}

public enum FailoverOutcome
{
    Succeeded,
    Failed,

    /// <summary>Not started: another operation runs, or the request makes no sense now. Nothing changed.</summary>
    Refused,
}
