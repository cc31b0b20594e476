using MailHa.Operations.Audit;
using MailHa.Operations.Failover;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Incidents;

/// <summary>
/// What one timeline line says, as a value read from the audit entry it cites (and the operation it belongs to);
/// <see cref="Mark"/> is what it marks. <see cref="IncidentText"/> words each case once.
/// </summary>
public abstract record TimelineFact
{
    public abstract TimelineMark Mark { get; }

    /// <summary>The first probe of an outage's node that failed (the outage's <see cref="OutageDeclared.Since"/>).</summary>
    public sealed record FirstFailedProbe(string Node) : TimelineFact
    {
        public override TimelineMark Mark => TimelineMark.FirstFailedProbe;
    }

    public sealed record DeclaredDown(OutageDeclared Outage) : TimelineFact
    {
        public override TimelineMark Mark => TimelineMark.DeclaredDown;
    }

    public sealed record ProposalPosted(MailHa.Operations.Audit.ProposalPosted Posted) : TimelineFact
    {
        public override TimelineMark Mark => TimelineMark.ProposalPosted;
    }

    /// <summary>An event sent to the pager: what it marks follows from its action and whether it was delivered.</summary>
    public sealed record Paged(PageSent Page) : TimelineFact
    {
        public override TimelineMark Mark => Page switch
        {
            { Delivered: false } => TimelineMark.PageNotDelivered,
            { Action: PagedAction.Trigger } => TimelineMark.PageSent,
            { Action: PagedAction.Acknowledge } => TimelineMark.PageAcknowledged,
            _ => TimelineMark.PageResolved,
        };
    }

    /// <summary>
    /// Who asked for the run that started (or resumed) the operation, from where, as which request; <paramref name="Subject"/>
    /// is the request's own subject when its entry was found (null: only the approved run's start names it).
    /// </summary>
    public sealed record Requested(string Verb, string Actor, AuditChannel Channel, string RequestId, string? Subject) : TimelineFact
    {
        public override TimelineMark Mark => TimelineMark.Requested;
    }

    /// <summary>The requester confirmed on the command line by typing (break-glass): no second person.</summary>
    public sealed record Confirmed(string Actor) : TimelineFact
    {
        public override TimelineMark Mark => TimelineMark.Approved;
    }

    public sealed record Approved(ApprovalDecided Decision) : TimelineFact
    {
        public override TimelineMark Mark => TimelineMark.Approved;
    }

    /// <summary>An operation's process stopped after <paramref name="AfterStep"/> (null: after its start); nothing ran until it was resumed.</summary>
    public sealed record Interrupted(OperationKind Kind, string? AfterStep) : TimelineFact
    {
        public override TimelineMark Mark => TimelineMark.Interrupted;
    }

    public sealed record Started(OperationKind Kind, string OperationId, NodeName Source, NodeName Target) : TimelineFact
    {
        public override TimelineMark Mark => TimelineMark.Started;
    }

    /// <summary>An interrupted operation run again by <paramref name="By"/>: the steps already done are skipped.</summary>
    public sealed record Resumed(OperationKind Kind, string OperationId, string By) : TimelineFact
    {
        public override TimelineMark Mark => TimelineMark.Resumed;
    }

    public sealed record StepEnded(string Step, bool Succeeded) : TimelineFact
    {
        public override TimelineMark Mark => Succeeded ? TimelineMark.Step : TimelineMark.StepFailed;
    }

    /// <summary>The VIP answers from the operation's target (its <c>verify-vip</c> step succeeded).</summary>
    public sealed record VipAnswering(NodeName From) : TimelineFact
    {
        public override TimelineMark Mark => TimelineMark.VipAnswering;
    }

    /// <summary>A failed operation put the VIP back on its source (or failed to).</summary>
    public sealed record RolledBack(NodeName To, bool Succeeded) : TimelineFact
    {
        public override TimelineMark Mark => TimelineMark.RolledBack;
    }

    public sealed record MailAtRisk(MailHa.Operations.Audit.MailAtRisk Risk) : TimelineFact
    {
        public override TimelineMark Mark => TimelineMark.MailAtRisk;
    }

    public sealed record Ended(OperationKind Kind, bool Succeeded) : TimelineFact
    {
        public override TimelineMark Mark => TimelineMark.Ended;
    }

    /// <summary>How the outage ended: its node answered again (the proposal withdrawn), or another node became active.</summary>
    public sealed record OutageOver(string Node, OutageEnded End) : TimelineFact
    {
        public override TimelineMark Mark => End.How == OutageEnd.NodeBack ? TimelineMark.NodeBack : TimelineMark.Replaced;
    }

    /// <summary>The node a failover replaced answers again: fence it or fail back.</summary>
    public sealed record NodeReturned(MailHa.Operations.Audit.NodeReturned Returned) : TimelineFact
    {
        public override TimelineMark Mark => TimelineMark.NodeBack;
    }
}
