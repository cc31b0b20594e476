using MailHa.Bot.Incidents;
using MailHa.Operations.Audit;
using MailHa.Operations.Failover;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Tests.Incidents;

/// <summary>
/// The words of an incident timeline (each line, the Markdown for the review), pinned once here; the behaviour tests
/// (IncidentTimelineTests, IncidentCommandTests, PagingTests) assert the typed facts and the audit entries they cite.
/// </summary>
public sealed class IncidentTextTests
{
    private const string OperationId = "switchover-20261205-031412-9c1e";
    private static readonly NodeName Mail1 = new("mail1"), Mail2 = new("mail2");
    private static readonly DateTimeOffset Since = new(2026, 12, 5, 3, 10, 0, TimeSpan.Zero);

    [Fact]
    public void Line_SaysWhatTheOutageAndThePagerDid()
    {
        Assert.Equal("first failed probe of mail1", IncidentText.Line(new TimelineFact.FirstFailedProbe("mail1")));
        Assert.Equal("mail1 declared down: no answer for 1m00s", IncidentText.Line(new TimelineFact.DeclaredDown(new OutageDeclared("mail1", Since, "no answer for 1m00s"))));
        Assert.Equal("failover proposal posted to mail2", IncidentText.Line(new TimelineFact.ProposalPosted(new ProposalPosted("mail1", Since, "to mail2"))));
        Assert.Equal("page sent (mailha/active-down/mail1/1)", IncidentText.Line(new TimelineFact.Paged(new PageSent(PagedAction.Trigger, "mailha/active-down/mail1/1", true, ""))));
        Assert.Equal(
            "page acknowledged: a failover was requested (mailha/active-down/mail1/1)",
            IncidentText.Line(new TimelineFact.Paged(new PageSent(PagedAction.Acknowledge, "mailha/active-down/mail1/1", true, ""))));
        Assert.Equal("page resolved (mailha/active-down/mail1/1)", IncidentText.Line(new TimelineFact.Paged(new PageSent(PagedAction.Resolve, "mailha/active-down/mail1/1", true, ""))));
        Assert.Equal(
            "page trigger NOT delivered (mailha/active-down/mail1/1): refused: 400",
            IncidentText.Line(new TimelineFact.Paged(new PageSent(PagedAction.Trigger, "mailha/active-down/mail1/1", false, "refused: 400"))));
        Assert.Equal("mail1 answers again; the proposal is withdrawn", IncidentText.Line(new TimelineFact.OutageOver("mail1", new OutageEnded("mail1", Since, OutageEnd.NodeBack, "answers"))));
        Assert.Equal("proposal withdrawn: mail2 is active", IncidentText.Line(new TimelineFact.OutageOver("mail1", new OutageEnded("mail1", Since, OutageEnd.Replaced, "mail2 is active"))));
        Assert.Equal(
            "mail1 answers again after the failover (ssh from mail2); fence it or fail back (runbook)",
            IncidentText.Line(new TimelineFact.NodeReturned(new NodeReturned("mail1", Since, "ssh from mail2"))));
    }

    [Fact]
    public void Line_SaysWhoAskedWhoApproved_AndWhatTheOperationDid()
    {
        Assert.Equal(
            "switchover requested by alice on Slack (r-1a2b3c): switchover ",
            IncidentText.Line(new TimelineFact.Requested("switchover", "alice", AuditChannel.Slack, "r-1a2b3c", "switchover ")));
        Assert.Equal("failover requested by bob on Teams (r-1a2b3c)", IncidentText.Line(new TimelineFact.Requested("failover", "bob", AuditChannel.Teams, "r-1a2b3c", null)));
        Assert.Equal("confirmed by alice by typing on the command line (break-glass)", IncidentText.Line(new TimelineFact.Confirmed("alice")));
        Assert.Equal(
            "approved by bob on Teams (r-1a2b3c)",
            IncidentText.Line(new TimelineFact.Approved(new ApprovalDecided("bob", AuditChannel.Teams, "r-1a2b3c", ApprovalVerdict.Approve, DecisionOutcome.Approved, "Switchover"))));
        Assert.Equal($"switchover {OperationId} started: mail1 → mail2", IncidentText.Line(new TimelineFact.Started(OperationKind.Switchover, OperationId, Mail1, Mail2)));
        Assert.Equal(
            "switchover interrupted after step preflight: its process stopped; nothing ran until it was resumed",
            IncidentText.Line(new TimelineFact.Interrupted(OperationKind.Switchover, "preflight")));
        Assert.Equal(
            "failover interrupted after its start: its process stopped; nothing ran until it was resumed",
            IncidentText.Line(new TimelineFact.Interrupted(OperationKind.Failover, null)));
        Assert.Equal(
            $"switchover {OperationId} resumed by bob: the steps already done are skipped",
            IncidentText.Line(new TimelineFact.Resumed(OperationKind.Switchover, OperationId, "bob")));
        Assert.Equal("step fence done", IncidentText.Line(new TimelineFact.StepEnded("fence", true)));
        Assert.Equal("step final-sync FAILED", IncidentText.Line(new TimelineFact.StepEnded("final-sync", false)));
        Assert.Equal("the VIP answers from mail2", IncidentText.Line(new TimelineFact.VipAnswering(Mail2)));
        Assert.Equal("VIP put back on mail1: done", IncidentText.Line(new TimelineFact.RolledBack(Mail1, true)));
        Assert.Equal("VIP put back on mail1: FAILED", IncidentText.Line(new TimelineFact.RolledBack(Mail1, false)));
        Assert.Equal("mail at risk: mirror age 4m00s", IncidentText.Line(new TimelineFact.MailAtRisk(new MailAtRisk(OperationId, "mirror age 4m00s"))));
        Assert.Equal("switchover succeeded", IncidentText.Line(new TimelineFact.Ended(OperationKind.Switchover, true)));
        Assert.Equal("failback FAILED", IncidentText.Line(new TimelineFact.Ended(OperationKind.Failback, false)));
    }

    [Fact]
    public void Title_NamesTheOutageAndTheOperationThatEndedIt_OrEitherAlone()
    {
        var down = new OutageDeclared("mail1", Since, "no answer");
        var failover = new OperationRecord(new ServiceName("jt-mail"), "failover-1", OperationKind.Failover, Mail1, Mail2, 1, "bob", "alice", "succeeded", Since.AddMinutes(2), new HashSet<string>());

        Assert.Equal("mail1 (active) down at 03:10Z: failover failover-1 to mail2", IncidentText.Title(new IncidentTimeline("failover-1", down, failover, [], null)));
        Assert.Equal("mail1 (active) down at 03:10Z", IncidentText.Title(new IncidentTimeline("outage-mail1-20261205-031000", down, null, [], null)));
        Assert.Equal("failover failover-1: mail1 → mail2", IncidentText.Title(new IncidentTimeline("failover-1", null, failover, [], null)));
        Assert.Equal("Incident timeline: failover failover-1: mail1 → mail2", IncidentText.Chat(new IncidentTimeline("failover-1", null, failover, [], null)).Title);
    }

    [Fact]
    public void Markdown_IsATableCitingEachAuditEntry_WithTheTimeToRestore()
    {
        var at = new DateTimeOffset(2026, 12, 5, 3, 14, 12, TimeSpan.Zero);
        var switchover = new OperationRecord(new ServiceName("jt-mail"), OperationId, OperationKind.Switchover, Mail1, Mail2, 1, "alice", "bob", "succeeded", at, new HashSet<string>());
        var timeline = new IncidentTimeline(
            OperationId,
            null,
            switchover,
            [
                new(at, 1, new TimelineFact.Requested("switchover", "alice", AuditChannel.Slack, "r-1a2b3c", "switchover ")),
                new(at.AddSeconds(30), 2, new TimelineFact.Approved(new ApprovalDecided("bob", AuditChannel.Teams, "r-1a2b3c", ApprovalVerdict.Approve, DecisionOutcome.Approved, "Switchover"))),
                new(at.AddSeconds(31), 5, new TimelineFact.StepEnded("raise-vip", true), TimeSpan.FromSeconds(2)),
                new(at.AddSeconds(33), 6, new TimelineFact.VipAnswering(Mail2)),
            ],
            new RestoreSplit(null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(33)));

        Assert.Equal(
            $"# Incident timeline: switchover {OperationId}: mail1 → mail2\n\n"
            + "| Time (UTC) | Audit # | What | Took |\n|---|---|---|---|\n"
            + "| 2026-12-05 03:14:12Z | 1 | switchover requested by alice on Slack (r-1a2b3c): switchover  |  |\n"
            + "| 2026-12-05 03:14:42Z | 2 | approved by bob on Teams (r-1a2b3c) |  |\n"
            + "| 2026-12-05 03:14:43Z | 5 | step raise-vip done | 2 s |\n"
            + "| 2026-12-05 03:14:45Z | 6 | the VIP answers from mail2 |  |\n"
            + "\n## Time to restore\n\n| Detect | Decide | Execute | Total |\n|---|---|---|---|\n"
            + "| not recorded | 30 s | 3 s | 33 s |\n"
            + "\nFrom the audit trail: each line cites its entry; `mailha audit verify` checks the chain.\n",
            IncidentText.Markdown(timeline));
        Assert.Equal(
            "2026-12-05 03:14:12Z  #1     switchover requested by alice on Slack (r-1a2b3c): switchover \n"
            + "2026-12-05 03:14:42Z  #2     approved by bob on Teams (r-1a2b3c)\n"
            + "2026-12-05 03:14:43Z  #5     step raise-vip done (2 s)\n"
            + "2026-12-05 03:14:45Z  #6     the VIP answers from mail2",
            IncidentText.Lines(timeline));
    }
}
