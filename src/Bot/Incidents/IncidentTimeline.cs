using MailHa.Operations.Audit;
using MailHa.Operations.Failover;

namespace MailHa.Bot.Incidents;

/// <summary>
/// One incident as MailHa recorded it: an operation, an outage of the active node, or both (the outage and the failover
/// that ended it, and the failback after it): <paramref name="Down"/> and <paramref name="Operation"/>, at least one of
/// them, which its title names (<see cref="IncidentText.Title"/>). Every line cites the audit entry it was read from.
/// </summary>
public sealed record IncidentTimeline(string Id, OutageDeclared? Down, OperationRecord? Operation, IReadOnlyList<TimelineLine> Lines, RestoreSplit? Restore)
{
    /// <summary>The outage's name (<see cref="OutageName"/>) when the incident has one: its proposal cards are where the timeline belongs.</summary>
    public string? Outage { get; init; }

    /// <summary>The requests (ids) whose approved runs started or resumed the operation, in order: their cards are where it was asked for.</summary>
    public IReadOnlyList<string> Requests { get; init; } = [];
}

/// <summary>One fact of the timeline: when, which audit entry says so, what it was (<see cref="What"/>); <see cref="Took"/> for a step.</summary>
public sealed record TimelineLine(DateTimeOffset At, long Seq, TimelineFact What, TimeSpan? Took = null)
{
    /// <summary>What the line marks.</summary>
    public TimelineMark Mark { get; } = What.Mark;
}

/// <summary>What a timeline line marks.</summary>
public enum TimelineMark
{
    FirstFailedProbe,
    DeclaredDown,
    ProposalPosted,
    PageSent,
    PageAcknowledged,
    PageResolved,
    PageNotDelivered,
    Requested,
    Approved,
    Started,
    Interrupted,
    Resumed,
    Step,
    StepFailed,
    VipAnswering,
    RolledBack,
    MailAtRisk,
    Ended,
    NodeBack,
    Replaced,
}

/// <summary>
/// Time to restore, split: detect (first failed probe → declared down), decide (declared down, or the request when no
/// outage was declared → the approval that started the operation), execute (that approval → the VIP answering from the
/// new node). A part MailHa has no record for is null; <see cref="Total"/> is from the first to the last known point.
/// </summary>
public sealed record RestoreSplit(TimeSpan? Detect, TimeSpan? Decide, TimeSpan? Execute, TimeSpan Total);

/// <summary>What the timeline of an incident is built from: audit entries (in sequence order) and the journal's operations.</summary>
public sealed record IncidentFacts(IReadOnlyList<AuditEntry> Audit, IReadOnlyList<OperationRecord> Operations);
