using System.Text.Json.Serialization;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Failover;

/// <summary>
/// The end of an operation on one service: each step, why it was refused (<paramref name="Refusal"/>, null unless refused),
/// the state the system is left in (<paramref name="SystemState"/>, null when refused: unchanged) and what to do next.
/// </summary>
public sealed record FailoverReport(
    string OperationId,
    ServiceName Service,
    OperationKind Kind,
    NodeName Source,
    NodeName Target,
    FailoverOutcome Outcome,
    IReadOnlyList<StepEvent> Steps,
    OperationRefusal? Refusal,
    SystemState? SystemState,
    NextStep NextSteps,
    string RequestedBy,
    string ApprovedBy,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt)
{
    /// <summary>The step that stopped it (null unless it failed).</summary>
    [JsonIgnore]
    public StepEvent? FailedStep => Steps.LastOrDefault(s => s.State == StepState.Failed);

    /// <summary>The one line the journal, audit trail and log keep of how it ended.</summary>
    public string Describe() => (Outcome, Refusal, FailedStep) switch
    {
        (FailoverOutcome.Refused, { } refusal, _) => refusal.Describe(),
        (FailoverOutcome.Failed, _, { } failed) => $"{Kind} stopped at '{failed.Title}': {failed.Result?.Describe()}",
        _ => $"{Kind} complete: {Target} is active and answers on the VIP.",
    };
}

/// <summary>The state an operation leaves behind: who holds the VIP (from every node and from outside) and the recorded roles.</summary>
public sealed record SystemState(VipReport Vip, RoleState Roles);

public enum FailoverOutcome
{
    Succeeded,
    Failed,

    /// <summary>Not started: another operation runs, or the request makes no sense now. Nothing changed.</summary>
    Refused,
}
