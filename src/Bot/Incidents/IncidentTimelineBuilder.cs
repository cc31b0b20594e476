using MailHa.Bot.Alerts;
using MailHa.Bot.Paging;
using MailHa.Operations.Audit;
using MailHa.Operations.Failover;

namespace MailHa.Bot.Incidents;

/// <summary>
/// Builds an incident's timeline from what was recorded, and nothing else: facts in, typed timeline out. An incident is
/// named by an operation's id (its outage, when one was declared for its source, and for a failover the failback after
/// it, come with it) or by an outage's name (<see cref="OutageName"/>; the operation that ended it comes with it).
/// Links are by what the entries say, in chain order: an operation's request is the approved run its requester started
/// just before it (<see cref="ApprovedRunStarted"/>), whose approvals name it; the request itself is that person's last
/// request from that channel before them.
/// </summary>
public static class IncidentTimelineBuilder
{
    /// <summary>The step whose success means the VIP answers from the new node.</summary>
    public const string VipAnsweringStep = "verify-vip";

    public static IncidentTimeline? Build(IncidentFacts facts, string id)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(id);
        var rows = facts.Audit.OrderBy(e => e.Seq).Select(e => new Row(e, e.Event)).ToList();
        var outages = Outages(rows);
        Outage? outage;
        OperationRecord? operation;
        if (outages.FirstOrDefault(o => o.Name == id) is { } named)
        {
            outage = named;
            operation = facts.Operations
                .Where(o => o.Kind != OperationKind.Failback && o.Source.Value == named.Event.Node && o.StartedAt >= named.Declared.At && (named.End is null || o.StartedAt <= named.End.At))
                .MinBy(o => o.StartedAt);
        }
        else if (facts.Operations.FirstOrDefault(o => o.Id == id) is { } found)
        {
            operation = found;
            outage = outages.LastOrDefault(o => o.Event.Node == found.Source.Value && o.Declared.At <= found.StartedAt && (o.End is null || o.End.At >= found.StartedAt));
        }
        else
        {
            return null;
        }

        var lines = new List<TimelineLine>();
        if (outage is not null)
        {
            OutageLines(outage, rows, lines);
        }

        var marks = operation is null ? new OperationMarks() : OperationLines(operation, rows, lines);
        if (operation is { Kind: OperationKind.Failover }
            && facts.Operations.Where(o => o.Kind == OperationKind.Failback && o.Target == operation.Source && o.StartedAt > operation.StartedAt).MinBy(o => o.StartedAt) is { } failback)
        {
            OperationLines(failback, rows, lines);
        }

        return new IncidentTimeline(id, outage?.Event, operation, [.. lines.OrderBy(l => l.At).ThenBy(l => l.Seq)], Restore(outage, marks, lines))
        {
            Outage = outage?.Name,
            Requests = marks.Requests,
        };
    }

    private static RestoreSplit? Restore(Outage? outage, OperationMarks marks, List<TimelineLine> lines)
    {
        if (outage is not null)
        {
            var since = outage.Event.Since;
            var declared = outage.Declared.At;
            var restored = marks.VipAnswering ?? (outage.End?.Event is OutageEnded { How: OutageEnd.NodeBack } ? outage.End.At : (DateTimeOffset?)null);
            return new RestoreSplit(
                declared - since,
                marks.Approved - declared,
                marks.VipAnswering - marks.Approved,
                (restored ?? lines.Max(l => l.At)) - since);
        }

        if (marks.Requested is not { } requested)
        {
            return null;
        }

        return new RestoreSplit(null, marks.Approved - requested, marks.VipAnswering - marks.Approved, (marks.VipAnswering ?? lines.Max(l => l.At)) - requested);
    }

    private static void OutageLines(Outage outage, List<Row> rows, List<TimelineLine> lines)
    {
        var (declared, node) = (outage.Declared, outage.Event.Node);
        lines.Add(new(outage.Event.Since, declared.Seq, new TimelineFact.FirstFailedProbe(node)));
        lines.Add(new(declared.At, declared.Seq, new TimelineFact.DeclaredDown(outage.Event)));
        if (outage.Posted is { Event: ProposalPosted posted } postedRow)
        {
            lines.Add(new(postedRow.At, postedRow.Seq, new TimelineFact.ProposalPosted(posted)));
        }

        var key = FailoverProposal.PageKeyOf(node, outage.Event.Since);
        PageLines(rows.Where(r => r.Event is PageSent p && p.DedupKey == key), lines);
        if (outage.End is { Event: OutageEnded ended } endRow)
        {
            lines.Add(new(endRow.At, endRow.Seq, new TimelineFact.OutageOver(node, ended)));
        }

        if (outage.Returned is { Event: NodeReturned returned } returnedRow)
        {
            lines.Add(new(returnedRow.At, returnedRow.Seq, new TimelineFact.NodeReturned(returned)));
        }
    }

    private static void PageLines(IEnumerable<Row> pages, List<TimelineLine> lines)
    {
        foreach (var row in pages)
        {
            lines.Add(new(row.At, row.Seq, new TimelineFact.Paged((PageSent)row.Event)));
        }
    }

    private static OperationMarks OperationLines(OperationRecord operation, List<Row> rows, List<TimelineLine> lines)
    {
        var marks = new OperationMarks();
        var mine = rows.Where(r => r.Event switch
        {
            OperationStarted e => Names(e.Operation, operation.Id),
            OperationStep e => Names(e.Operation, operation.Id),
            OperationRolledBack e => Names(e.Operation, operation.Id),
            OperationEnded e => Names(e.Operation, operation.Id),
            MailAtRisk e => e.Operation == operation.Id,
            _ => false,
        }).ToList();
        Row? previous = null;
        var open = false;
        string? lastStep = null;
        foreach (var row in mine)
        {
            switch (row.Event)
            {
                case OperationStarted started:
                    if (open && previous is not null)
                    {
                        lines.Add(new(previous.At, previous.Seq, new TimelineFact.Interrupted(operation.Kind, lastStep)));
                    }

                    RequestLines(started, row, previous?.Seq ?? 0, rows, lines, marks);
                    lines.Add(new(row.At, row.Seq, started.Resumed
                        ? new TimelineFact.Resumed(operation.Kind, operation.Id, started.Actor)
                        : new TimelineFact.Started(operation.Kind, operation.Id, operation.Source, operation.Target)));
                    open = true;
                    break;
                case OperationStep step:
                    var took = previous is null ? (TimeSpan?)null : row.At - previous.At;
                    lines.Add(new(previous?.At ?? row.At, row.Seq, new TimelineFact.StepEnded(step.Step, step.Succeeded), took));
                    if (step.Succeeded && step.Step == VipAnsweringStep)
                    {
                        lines.Add(new(row.At, row.Seq, new TimelineFact.VipAnswering(operation.Target)));
                        marks.VipAnswering ??= row.At;
                    }

                    lastStep = step.Succeeded ? step.Step : lastStep;
                    break;
                case OperationRolledBack rolledBack:
                    lines.Add(new(row.At, row.Seq, new TimelineFact.RolledBack(operation.Source, rolledBack.Succeeded)));
                    break;
                case MailAtRisk risk:
                    lines.Add(new(row.At, row.Seq, new TimelineFact.MailAtRisk(risk)));
                    break;
                case OperationEnded ended:
                    lines.Add(new(row.At, row.Seq, new TimelineFact.Ended(operation.Kind, ended.Succeeded)));
                    open = false;
                    break;
            }

            previous = row.Event is MailAtRisk ? previous : row;
        }

        // The interruption's page (one streak, one key) while this operation was unfinished.
        if (mine.Count > 0)
        {
            var (from, to) = (mine[0].Seq, mine[^1].Seq);
            var key = PageEvent.KeyFor(InterruptedOperationWatch.Problem);
            PageLines(rows.Where(r => r.Seq > from && r.Seq < to && r.Event is PageSent p && p.DedupKey == key), lines);
        }

        return marks;
    }

    private static void RequestLines(OperationStarted started, Row startRow, long after, List<Row> rows, List<TimelineLine> lines, OperationMarks marks)
    {
        var runRow = rows.LastOrDefault(r => r.Seq > after && r.Seq < startRow.Seq && r.Event is ApprovedRunStarted a && a.Actor == started.Actor);
        if (runRow?.Event is not ApprovedRunStarted run)
        {
            return;
        }

        marks.Requests.Add(run.RequestId);

        var decisions = rows.Where(r => r.Seq < runRow.Seq && r.Event is ApprovalDecided { Verdict: ApprovalVerdict.Approve, Outcome: DecisionOutcome.Approved } d && d.RequestId == run.RequestId).ToList();
        var before = decisions.Count > 0 ? decisions[0].Seq : runRow.Seq;
        var requestRow = rows.LastOrDefault(r => r.Seq < before && r.Event is ApprovalRequested q && q.Actor == run.Actor && q.Channel == run.RequestedFrom && q.Outcome != RequestOutcome.NotConfirmed);
        if (requestRow?.Event is ApprovalRequested request)
        {
            lines.Add(new(requestRow.At, requestRow.Seq, new TimelineFact.Requested(run.Verb, request.Actor, request.Channel, run.RequestId, request.Subject)));
            marks.Requested ??= requestRow.At;
            if (request.Outcome == RequestOutcome.Confirmed)
            {
                lines.Add(new(requestRow.At, requestRow.Seq, new TimelineFact.Confirmed(request.Actor)));
                marks.Approved ??= requestRow.At;
            }
        }
        else
        {
            lines.Add(new(runRow.At, runRow.Seq, new TimelineFact.Requested(run.Verb, run.Actor, run.RequestedFrom, run.RequestId, null)));
            marks.Requested ??= runRow.At;
        }

        foreach (var decision in decisions)
        {
            lines.Add(new(decision.At, decision.Seq, new TimelineFact.Approved((ApprovalDecided)decision.Event)));
        }

        if (decisions.Count > 0)
        {
            marks.Approved ??= decisions[^1].At;
        }
    }

    private static List<Outage> Outages(List<Row> rows)
    {
        var outages = new List<Outage>();
        foreach (var row in rows)
        {
            switch (row.Event)
            {
                case OutageDeclared declared:
                    outages.Add(new Outage(declared, row));
                    break;
                case ProposalPosted posted when outages.LastOrDefault(o => o.Is(posted.Node, posted.Since)) is { } outage:
                    outage.Posted ??= row;
                    break;
                case OutageEnded ended when outages.LastOrDefault(o => o.Is(ended.Node, ended.Since)) is { } outage:
                    outage.End ??= row;
                    break;
                case NodeReturned returned when outages.LastOrDefault(o => o.Is(returned.Node, returned.Since)) is { } outage:
                    outage.Returned ??= row;
                    break;
            }
        }

        return outages;
    }

    /// <summary>An operation's audit subject names it by its id, last (<c>switchover switchover-…</c>).</summary>
    private static bool Names(string subject, string id) => subject == id || subject.EndsWith(" " + id, StringComparison.Ordinal);

    private sealed record Row(AuditEntry Entry, AuditEvent Event)
    {
        public long Seq => Entry.Seq;

        public DateTimeOffset At => Entry.At;
    }

    private sealed class Outage(OutageDeclared declared, Row row)
    {
        public OutageDeclared Event { get; } = declared;

        public Row Declared { get; } = row;

        public Row? Posted { get; set; }

        public Row? End { get; set; }

        /// <summary>The node answering again after a failover replaced it.</summary>
        public Row? Returned { get; set; }

        public string Name => OutageName.Of(Event.Node, Event.Since);

        public bool Is(string node, DateTimeOffset since) => Event.Node == node && Event.Since == since;
    }

    private sealed class OperationMarks
    {
        public List<string> Requests { get; } = [];

        public DateTimeOffset? Requested { get; set; }

        public DateTimeOffset? Approved { get; set; }

        public DateTimeOffset? VipAnswering { get; set; }
    }
}
