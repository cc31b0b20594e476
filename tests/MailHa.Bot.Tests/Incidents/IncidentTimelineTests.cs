using MailHa.Bot.Alerts;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.Incidents;
using MailHa.Bot.Tests.Approvals;
using MailHa.Bot.Tests.Teams;
using MailHa.Operations.Audit;
using MailHa.Operations.Failover;
using MailHa.Operations.Liveness;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Incidents;

/// <summary>
/// Timelines of real runs through the bot (chat request, approval, the engine over fake nodes), each line checked
/// against the audit entry it cites: the entry exists, says what the line says, and at the time the line gives.
/// </summary>
public sealed class IncidentTimelineTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private ApprovalService Approvals => _bot.Services.GetRequiredService<ApprovalService>();

    private IncidentRecords Records => _bot.Services.GetRequiredService<IncidentRecords>();

    private AuditLog Audit => _bot.Services.GetRequiredService<AuditLog>();

    private static bool Ended(ChatMessage m) => m.Title.EndsWith(": SUCCEEDED", StringComparison.Ordinal) || m.Title.EndsWith(": FAILED", StringComparison.Ordinal);

    [Fact]
    public async Task Switchover_TimelineCitesRequestApprovalEveryStepAndTheMailAtRisk_FromTheAudit()
    {
        var slack = _bot.Conversation("slack:C1");
        await _bot.SayAsync(BotHarness.Slack("alice"), "switchover", slack);
        var id = Assert.Single(await Approvals.PendingAsync(Token)).Id;
        _bot.Time.Advance(TimeSpan.FromSeconds(30));
        await _bot.ClickAsync(BotHarness.Teams("bob"), new CardAction.Approve(id), _bot.Conversation("teams:c"));
        await slack.WaitForAsync(Ended, Wait.Token());

        var timeline = Assert.IsType<IncidentTimeline>(await Records.FindAsync(null, Token));

        var operation = (await _bot.Services.GetRequiredService<OperationJournal>().LatestAsync(Token))!;
        Assert.Equal(operation.Id, timeline.Id);
        await AssertCitesTheAuditAsync(timeline);
        Assert.Equal(
            [
                TimelineMark.Requested, TimelineMark.Approved, TimelineMark.Started,
                .. Enumerable.Repeat(TimelineMark.Step, 7), TimelineMark.VipAnswering, TimelineMark.Step,
                TimelineMark.Ended, TimelineMark.MailAtRisk,
            ],
            timeline.Lines.Select(l => l.Mark));
        Assert.Equal(("alice", AuditChannel.Slack), await WhoAsync(timeline.Lines[0]));
        Assert.Equal(("bob", AuditChannel.Teams, id), await ApprovalAsync(timeline.Lines[1]));
        Assert.Equal(["preflight", "fence", "drain-mail", "final-sync", "verify-directory", "raise-vip", "verify-vip", "record-roles"],
            timeline.Lines.Select(l => l.What).OfType<TimelineFact.StepEnded>().Select(s => s.Step));
        Assert.Equal(new RestoreSplit(null, TimeSpan.FromSeconds(30), TimeSpan.Zero, TimeSpan.FromSeconds(30)), timeline.Restore);

        // Posted when it ended: a reply under the request's approval card, where it was asked for and in the alert channel.
        var request = (await Approvals.FindAsync(id, Token))!;
        foreach (var conversation in new[] { slack, _bot.AlertChannel })
        {
            var (to, posted) = Assert.Single(conversation.Replies);
            Assert.Equal(Assert.Single(request.Cards, c => c.Conversation.Key == conversation.Key).Message, to);
            Assert.Equal(IncidentText.Chat(timeline).Title, posted.Title);
            Assert.Contains($"#{timeline.Lines[0].Seq}", posted.Sections[0].Text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AssistedFailover_TimelineRunsFromTheFirstFailedProbeToTheWithdrawnProposal_ByOperationOrByOutage()
    {
        var id = await AssistedFailoverAsync();

        var operation = (await _bot.Services.GetRequiredService<OperationJournal>().LatestAsync(Token))!;
        var byOperation = Assert.IsType<IncidentTimeline>(await Records.FindAsync(operation.Id, Token));
        var declared = (await Audit.RecentAsync(100, Token)).Select(e => e.Event).OfType<OutageDeclared>().Single();
        var byOutage = Assert.IsType<IncidentTimeline>(await Records.FindAsync(OutageName.Of("mail1", declared.Since), Token));

        Assert.Equal(byOperation.Lines, byOutage.Lines);
        await AssertCitesTheAuditAsync(byOperation);
        var marks = byOperation.Lines.Select(l => l.Mark).Where(m => m is not TimelineMark.Step).ToList();
        Assert.Equal(
            [
                TimelineMark.FirstFailedProbe, TimelineMark.DeclaredDown, TimelineMark.ProposalPosted, TimelineMark.Requested, TimelineMark.Approved,
                TimelineMark.Started, TimelineMark.VipAnswering, TimelineMark.Ended, TimelineMark.MailAtRisk, TimelineMark.Replaced,
            ],
            marks);
        var lines = byOperation.Lines.ToDictionary(l => l.What is TimelineFact.StepEnded step ? step.Step : l.Mark.ToString(), l => l);
        Assert.Equal(OperationKind.Failover, operation.Kind);
        Assert.Equal(("bob", AuditChannel.Slack), await WhoAsync(lines[nameof(TimelineMark.Requested)]));
        Assert.Equal(("alice", AuditChannel.Teams, id), await ApprovalAsync(lines[nameof(TimelineMark.Approved)]));
        var restore = byOperation.Restore!;
        Assert.Equal(lines[nameof(TimelineMark.DeclaredDown)].At - lines[nameof(TimelineMark.FirstFailedProbe)].At, restore.Detect);
        Assert.Equal(lines[nameof(TimelineMark.Approved)].At - lines[nameof(TimelineMark.DeclaredDown)].At, restore.Decide);
        Assert.Equal(lines[nameof(TimelineMark.VipAnswering)].At - lines[nameof(TimelineMark.Approved)].At, restore.Execute);
        Assert.True(restore.Detect > TimeSpan.Zero);
        Assert.Equal(restore.Detect + restore.Decide + restore.Execute, restore.Total);
        Assert.Equal(TimeSpan.FromSeconds(20), lines[nameof(TimelineMark.Approved)].At - lines[nameof(TimelineMark.Requested)].At);
    }

    /// <summary>mail1 cut until the proposal; bob requests from it, alice approves 20 s later; the watch sees the failover done. The request's id.</summary>
    private async Task<string> AssistedFailoverAsync()
    {
        _bot.Nodes.Cut.Add("mail1");
        for (var i = 0; i < 6; i++)
        {
            _bot.Time.Advance(Interval);
            await _bot.Services.GetRequiredService<ActiveNodeWatch>().CheckAsync(Token);
        }

        var card = Assert.Single(_bot.AlertChannel.Posts, p => p.Content.Actions.Any(a => a.Action is CardAction.RequestFailover)).Content;
        await _bot.ClickAsync(BotHarness.Slack("bob"), Assert.Single(card.Actions).Action, _bot.AlertChannel);
        var id = Assert.Single(await Approvals.PendingAsync(Token)).Id;
        _bot.Time.Advance(TimeSpan.FromSeconds(20));
        await _bot.ClickAsync(BotHarness.Teams("alice"), new CardAction.Approve(id), _bot.Conversation("teams:c"));
        await _bot.AlertChannel.WaitForAsync(Ended, Wait.Token());
        _bot.Time.Advance(Interval);
        await _bot.Services.GetRequiredService<ActiveNodeWatch>().CheckAsync(Token);

        return id;
    }

    [Fact]
    public async Task AssistedFailover_TimelineShowsTheOldNodeBack_OnceItAnswersAfterTheFailover()
    {
        await AssistedFailoverAsync();
        var watch = _bot.Services.GetRequiredService<ActiveNodeWatch>();
        _bot.Time.Advance(Interval);
        await watch.CheckAsync(Token);
        var whileAway = (await Audit.RecentAsync(100, Token)).Select(e => e.Event).OfType<NodeReturned>().ToList();

        _bot.Nodes.Cut.Remove("mail1");
        for (var i = 0; i < 3; i++)
        {
            _bot.Time.Advance(Interval);
            await watch.CheckAsync(Token);
        }

        Assert.Empty(whileAway);
        var returned = Assert.Single((await Audit.RecentAsync(100, Token)).Select(e => e.Event).OfType<NodeReturned>());
        Assert.Equal("mail1", returned.Node);
        var timeline = Assert.IsType<IncidentTimeline>(await Records.FindAsync(OutageName.Of("mail1", returned.Since), Token));
        await AssertCitesTheAuditAsync(timeline);
        var marks = timeline.Lines.Select(l => l.Mark).ToList();
        Assert.Equal(TimelineMark.NodeBack, marks[^1]);
        Assert.True(marks.IndexOf(TimelineMark.Replaced) < marks.IndexOf(TimelineMark.NodeBack));
        Assert.Equal(new TimelineFact.NodeReturned(returned), timeline.Lines[^1].What);
    }

    [Fact]
    public async Task InterruptedThenResumed_TimelineShowsTheInterruptionAndTheResumesRequestAndApproval()
    {
        const string operationId = "switchover-20261125-115500-1a2b";
        var journal = _bot.Services.GetRequiredService<OperationJournal>();
        // The first run as the engine records it, until its process died after the preflight.
        await journal.StartAsync(
            new OperationRecord(_bot.Service.Name, operationId, OperationKind.Switchover, new NodeName("mail1"), new NodeName("mail2"), 1, "alice", "bob", OperationJournal.Running, _bot.Time.GetUtcNow(), new HashSet<string>()),
            FailoverOverrides.None.ToString(),
            Token);
        await Audit.AppendAsync(new OperationStarted("alice", $"switchover {operationId}", false, "requested by alice, approved by bob; mail1 → mail2; overrides: none"), Token);
        _bot.Time.Advance(TimeSpan.FromSeconds(2));
        await journal.StepAsync(operationId, "preflight", StepState.Done, "checks passed", Token);
        await Audit.AppendAsync(new OperationStep("alice", $"switchover {operationId}", "preflight", true, "requested by alice, approved by bob; checks passed"), Token);
        _bot.Time.Advance(TimeSpan.FromMinutes(5));

        await _bot.ClickAsync(BotHarness.Slack("bob"), new CardAction.ResumeOperation(operationId), _bot.AlertChannel);
        var id = Assert.Single(await Approvals.PendingAsync(Token)).Id;
        await _bot.ClickAsync(BotHarness.Teams("alice"), new CardAction.Approve(id), _bot.Conversation("teams:c"));
        await _bot.AlertChannel.WaitForAsync(Ended, Wait.Token());

        var timeline = Assert.IsType<IncidentTimeline>(await Records.FindAsync(operationId, Token));

        await AssertCitesTheAuditAsync(timeline);
        Assert.Equal(
            [
                TimelineMark.Started, TimelineMark.Step, TimelineMark.Interrupted, TimelineMark.Requested, TimelineMark.Approved, TimelineMark.Resumed,
                .. Enumerable.Repeat(TimelineMark.Step, 6), TimelineMark.VipAnswering, TimelineMark.Step, TimelineMark.Ended, TimelineMark.MailAtRisk,
            ],
            timeline.Lines.Select(l => l.Mark));
        Assert.Equal(TimeSpan.FromSeconds(2), timeline.Lines[1].Took);
        Assert.Equal(("bob", AuditChannel.Slack), await WhoAsync(timeline.Lines[3]));
        Assert.Equal(("alice", AuditChannel.Teams, id), await ApprovalAsync(timeline.Lines[4]));
        Assert.Equal("bob", Assert.IsType<OperationStarted>(await CitedAsync(timeline.Lines[5])).Actor);

        // Interrupted after the preflight, resumed by bob, and the preflight not run again (the words: IncidentTextTests).
        Assert.Equal(new TimelineFact.Interrupted(OperationKind.Switchover, "preflight"), timeline.Lines[2].What);
        Assert.Equal(new TimelineFact.Resumed(OperationKind.Switchover, operationId, "bob"), timeline.Lines[5].What);
        Assert.DoesNotContain(timeline.Lines.Skip(6), l => l.What is TimelineFact.StepEnded { Step: "preflight" });
    }

    [Fact]
    public async Task Find_IsNull_WhenNothingOfThatNameWasRecorded()
    {
        Assert.Null(await Records.FindAsync(null, Token));
        Assert.Null(await Records.FindAsync("failover-20261126-004800-1a2b", Token));

        var reply = await _bot.SayAsync(BotHarness.Slack("carol"), "incident outage-mail1-20261126-004500", _bot.Conversation("slack:C1"));
        Assert.Equal("No incident", reply!.Title);
    }

    /// <summary>The audit entry <paramref name="line"/> cites.</summary>
    private async Task<AuditEvent> CitedAsync(TimelineLine line) =>
        Assert.Single(await Audit.SinceAsync(DateTimeOffset.UnixEpoch, 10_000, Token), e => e.Seq == line.Seq).Event;

    /// <summary>Who asked, and where, for a request line (a chat request, or an approved run started from a button).</summary>
    private async Task<(string Actor, AuditChannel Channel)> WhoAsync(TimelineLine line) => await CitedAsync(line) switch
    {
        ApprovalRequested requested => (requested.Actor, requested.Channel),
        ApprovedRunStarted started => (started.Actor, started.RequestedFrom),
        var other => throw new Xunit.Sdk.XunitException($"a request line cites {other.GetType().Name}"),
    };

    /// <summary>Who approved which request, and where, for an approval line.</summary>
    private async Task<(string Actor, AuditChannel Channel, string RequestId)> ApprovalAsync(TimelineLine line)
    {
        var decided = Assert.IsType<ApprovalDecided>(await CitedAsync(line));
        return (decided.Actor, decided.Channel, decided.RequestId);
    }

    /// <summary>Every line cites an entry of the chain that says what the line says, at the line's time (a step: its start, the entry before it).</summary>
    private async Task AssertCitesTheAuditAsync(IncidentTimeline timeline)
    {
        var entries = (await Audit.SinceAsync(DateTimeOffset.UnixEpoch, 10_000, Token)).ToDictionary(e => e.Seq);
        Assert.True((await Audit.VerifyAsync(null, Token)).Intact);
        foreach (var line in timeline.Lines)
        {
            var entry = entries[line.Seq];
            var fits = (line.Mark, entry.Event) switch
            {
                (TimelineMark.FirstFailedProbe, OutageDeclared e) => line.At == e.Since,
                (TimelineMark.DeclaredDown, OutageDeclared) => line.At == entry.At,
                (TimelineMark.ProposalPosted, ProposalPosted) => line.At == entry.At,
                (TimelineMark.PageSent or TimelineMark.PageAcknowledged or TimelineMark.PageResolved or TimelineMark.PageNotDelivered, PageSent) => line.At == entry.At,
                (TimelineMark.Requested, ApprovalRequested or ApprovedRunStarted) => line.At == entry.At,
                (TimelineMark.Approved, ApprovalDecided { Verdict: ApprovalVerdict.Approve }) => line.At == entry.At,
                (TimelineMark.Started, OperationStarted { Resumed: false }) or (TimelineMark.Resumed, OperationStarted { Resumed: true }) => line.At == entry.At,
                (TimelineMark.Step, OperationStep { Succeeded: true } s) => line.What == new TimelineFact.StepEnded(s.Step, true) && line.At + line.Took == entry.At,
                (TimelineMark.VipAnswering, OperationStep { Step: "verify-vip", Succeeded: true }) => line.At == entry.At,
                (TimelineMark.Interrupted, OperationStep or OperationStarted) => line.At == entry.At,
                (TimelineMark.MailAtRisk, MailAtRisk e) => line.What == new TimelineFact.MailAtRisk(e),
                (TimelineMark.Ended, OperationEnded { Succeeded: true }) => line.At == entry.At,
                (TimelineMark.NodeBack, OutageEnded { How: OutageEnd.NodeBack } or NodeReturned) or (TimelineMark.Replaced, OutageEnded { How: OutageEnd.Replaced }) => line.At == entry.At,
                _ => false,
            };
            Assert.True(fits, $"line '{IncidentText.Line(line.What)}' ({line.Mark}) does not fit audit entry #{entry.Seq} {entry.Action} {entry.Subject}");
        }
    }
}
