using System.Text.Json.Nodes;
using MailHa.Bot.Alerts;
using MailHa.Bot.Incidents;
using MailHa.Bot.Paging;
using MailHa.Bot.Tests.Approvals;
using MailHa.Operations.Audit;
using MailHa.Operations.Liveness;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MailHa.Bot.Tests.Paging;

/// <summary>The alert sources paging a local PagerDuty stand-in through the real queue, worker and HTTP client, on a fake clock.</summary>
public sealed class PagingTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private PagedBot _paged = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private Pager Pager => Harness.Services.GetRequiredService<Pager>();

    private HealthWatch Health => Harness.Services.GetRequiredService<HealthWatch>();

    private ActiveNodeWatch ActiveNode => Harness.Services.GetRequiredService<ActiveNodeWatch>();

    public async ValueTask InitializeAsync() => await StartAsync(PagedBot.IntegrationKey);

    private PagerDutyStandIn PagerDutyServer => _paged.PagerDuty;

    private BotHarness Harness => _paged.Harness;

    private async Task StartAsync(string routingKey) => _paged = await PagedBot.StartAsync(routingKey, Token);

    private async Task StopAsync() => await _paged.DisposeAsync();

    public async ValueTask DisposeAsync() => await StopAsync();

    private static string Text(JsonNode page, string path) =>
        path.Split('.').Aggregate<string, JsonNode?>(page, (node, key) => node?[key])?.GetValue<string>() ?? "";

    private async Task<JsonNode> NextAsync() => await PagerDutyServer.NextEventAsync(Token);

    private async Task CheckActiveAsync(int checks)
    {
        for (var i = 0; i < checks; i++)
        {
            Harness.Time.Advance(Interval);
            await ActiveNode.CheckAsync(Token);
        }
    }

    [Fact]
    public async Task Outage_TriggersThenAcknowledgesThenResolves_WithOneDedupKey()
    {
        Harness.Nodes.Cut.Add("mail1");
        await CheckActiveAsync(6);

        var trigger = await NextAsync();
        Assert.Equal("trigger", Text(trigger, "event_action"));
        Assert.Equal(PagerDutyServer.RoutingKey, Text(trigger, "routing_key"));
        var key = Text(trigger, "dedup_key");
        Assert.StartsWith("mailha/active-down/mail1/", key, StringComparison.Ordinal);
        Assert.Equal(("mail1", "critical", "mail", "active-down"), (Text(trigger, "payload.source"), Text(trigger, "payload.severity"), Text(trigger, "payload.component"), Text(trigger, "payload.class")));
        // The page says what the proposal says: mail1 (active) down, a failover to mail2 proposed (the words: AlertTextTests).
        var (proposed, _) = Assert.Single(Harness.Alerts.Of<FailoverProposed>());
        Assert.Equal((new NodeName("mail1"), new NodeName("mail2")), (proposed.Outage.Active, Assert.Single(proposed.Outage.Legs).Target));
        Assert.Equal(PageEvent.Fit(AlertText.Page(proposed, AlertKind.Alert)!.Summary), Text(trigger, "payload.summary"));
        Assert.InRange(Text(trigger, "payload.summary").Length, 1, PageEvent.MaxSummary);

        var card = Assert.Single(Harness.AlertChannel.Posts).Content;
        var button = Assert.Single(card.Actions);
        await Harness.ClickAsync(BotHarness.Slack("bob"), button.Action, Harness.AlertChannel);
        await CheckActiveAsync(1);
        var acknowledge = await NextAsync();
        Assert.Equal(("acknowledge", key), (Text(acknowledge, "event_action"), Text(acknowledge, "dedup_key")));

        Harness.Nodes.Cut.Remove("mail1");
        await CheckActiveAsync(1);
        var resolve = await NextAsync();
        Assert.Equal(("resolve", key), (Text(resolve, "event_action"), Text(resolve, "dedup_key")));
    }

    [Fact]
    public async Task FlappingNode_PagesNothingBelowDownAfter_AndEachStreakPagesOnce()
    {
        for (var second = 0; second <= 300; second += 15)
        {
            if ((second / 20) % 2 == 0)
            {
                Harness.Nodes.Cut.Add("mail1");
            }
            else
            {
                Harness.Nodes.Cut.Remove("mail1");
            }

            Assert.IsNotType<ActiveDown>(await ActiveNode.CheckAsync(Token));
            Harness.Time.Advance(Interval);
        }

        Harness.Nodes.Cut.Remove("mail1");
        foreach (var splitBrain in new[] { true, true, false, true, true, false })
        {
            Harness.Nodes.SplitBrain = splitBrain;
            await Health.CheckAsync(Token);
            Harness.Time.Advance(TimeSpan.FromHours(2));
        }

        // The queue is in order: had the flapping node paged, its page would come first.
        List<JsonNode> pages = [await NextAsync(), await NextAsync(), await NextAsync(), await NextAsync()];
        Assert.Equal(["trigger", "resolve", "trigger", "resolve"], pages.Select(p => Text(p, "event_action")));
        Assert.All(pages, p => Assert.Equal("mailha/split-brain", Text(p, "dedup_key")));
        Assert.Equal(6, Harness.AlertChannel.Posts.Count);
    }

    [Fact]
    public async Task AnotherInstance_OnTheSameJournal_DoesNotPageAgain_AndResolvesTheSameKey()
    {
        Harness.Nodes.SplitBrain = true;
        await Health.CheckAsync(Token);
        var trigger = await NextAsync();
        await Pager.StopAsync(CancellationToken.None);
        Harness.Restart();
        await Pager.StartAsync(Token);

        await Health.CheckAsync(Token);
        Harness.Nodes.SplitBrain = false;
        await Health.CheckAsync(Token);

        var next = await NextAsync();
        Assert.Equal(("trigger", "resolve"), (Text(trigger, "event_action"), Text(next, "event_action")));
        Assert.Equal(Text(trigger, "dedup_key"), Text(next, "dedup_key"));
    }

    [Fact]
    public async Task Throttled_IsRetriedUntilAccepted()
    {
        PagerDutyServer.Throttle = 3;
        Harness.Nodes.SplitBrain = true;
        await Health.CheckAsync(Token);
        Harness.Nodes.SplitBrain = false;
        await Health.CheckAsync(Token);

        List<JsonNode> pages = [await NextAsync(), await NextAsync(), await NextAsync(), await NextAsync(), await NextAsync()];

        Assert.Equal(["trigger", "trigger", "trigger", "trigger", "resolve"], pages.Select(p => Text(p, "event_action")));
        Assert.Null(Pager.LastRejection);
    }

    [Fact]
    public async Task LongSummary_IsCutToPagerDutysLimit_AndAccepted()
    {
        Pager.Page(new PageEvent(PageAction.Trigger, "replication", PageEvent.KeyFor("replication"), new string('x', 5000), "mailha"));
        Pager.Page(new PageEvent(PageAction.Resolve, "replication", PageEvent.KeyFor("replication"), "over", "mailha"));

        Assert.Equal(PageEvent.MaxSummary, Text(await NextAsync(), "payload.summary").Length);
        await NextAsync();
        Assert.Null(Pager.LastRejection);
    }

    [Fact]
    public async Task BadRoutingKey_IsAReadinessLineWithPagerDutysReason_NeverTheKey()
    {
        await StopAsync();
        await StartAsync("not-the-integration-key");

        Harness.Nodes.SplitBrain = true;
        await Health.CheckAsync(Token);
        Harness.Nodes.SplitBrain = false;
        await Health.CheckAsync(Token);
        await NextAsync();
        await NextAsync(); // The worker sends one at a time: the first answer is in.

        var check = await ActivatorUtilities.CreateInstance<PagingHealthCheck>(Harness.Services).CheckHealthAsync(new HealthCheckContext(), Token);
        Assert.Equal(HealthStatus.Degraded, check.Status);
        Assert.Contains("refused: 400 Event object is invalid: Invalid routing key", check.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-integration-key", check.Description, StringComparison.Ordinal);
        Assert.Equal(2, Harness.AlertChannel.Posts.Count);
    }

    [Fact]
    public async Task ChatAlert_IsPosted_WhilePagingHangs()
    {
        PagerDutyServer.Hang = true;
        Harness.Nodes.SplitBrain = true;
        await Health.CheckAsync(Token);
        await NextAsync();
        Harness.Nodes.SplitBrain = false;
        await Health.CheckAsync(Token);

        Assert.Equal([AlertKind.Alert, AlertKind.Recovery], Harness.Alerts.Of<SplitBrain>().Select(a => a.Kind));
        Assert.Equal(2, Harness.AlertChannel.Posts.Count);
    }

    [Fact]
    public async Task Outage_TimelineShowsThePageSentAcknowledgedAndResolved_FromTheAudit()
    {
        Harness.Nodes.Cut.Add("mail1");
        await CheckActiveAsync(6);
        var card = Assert.Single(Harness.AlertChannel.Posts).Content;
        await Harness.ClickAsync(BotHarness.Slack("bob"), Assert.Single(card.Actions).Action, Harness.AlertChannel);
        await CheckActiveAsync(1);
        Harness.Nodes.Cut.Remove("mail1");
        await CheckActiveAsync(1);
        var key = Text(await NextAsync(), "dedup_key");
        await NextAsync();
        await NextAsync();
        var audit = Harness.Services.GetRequiredService<AuditLog>();
        await UntilAsync(async () => (await audit.RecentAsync(100, Token)).Count(e => e.Event is PageSent) == 3);

        var timeline = Assert.IsType<IncidentTimeline>(await Harness.Services.GetRequiredService<IncidentRecords>().FindAsync(null, Token));

        // Pages are recorded when PagerDuty took them, after the chat alert: the worker sends them behind it.
        Assert.Equal(
            [TimelineMark.FirstFailedProbe, TimelineMark.DeclaredDown, TimelineMark.ProposalPosted, TimelineMark.PageSent, TimelineMark.PageAcknowledged, TimelineMark.PageResolved, TimelineMark.NodeBack],
            timeline.Lines.Select(l => l.Mark).Order());
        Assert.Equal([TimelineMark.PageSent, TimelineMark.PageAcknowledged, TimelineMark.PageResolved],
            timeline.Lines.Select(l => l.Mark).Where(m => m is TimelineMark.PageSent or TimelineMark.PageAcknowledged or TimelineMark.PageResolved));
        var entries = (await audit.RecentAsync(100, Token)).ToDictionary(e => e.Seq);
        Assert.All(timeline.Lines.Where(l => l.Mark is TimelineMark.PageSent or TimelineMark.PageAcknowledged or TimelineMark.PageResolved),
            l => Assert.Equal(key, Assert.IsType<PageSent>(entries[l.Seq].Event).DedupKey));
        Assert.Null(timeline.Restore!.Decide);
        Assert.Equal(timeline.Lines.Single(l => l.Mark == TimelineMark.NodeBack).At - timeline.Lines[0].At, timeline.Restore.Total);
    }

    [Fact]
    public async Task MailDown_TriggersAndResolvesOneKey_AsCritical()
    {
        Harness.Nodes.VipHolder = "";
        await Health.CheckAsync(Token);
        await Health.CheckAsync(Token);
        Harness.Nodes.VipHolder = "mail1";
        await Health.CheckAsync(Token);

        var trigger = await NextAsync();
        var resolve = await NextAsync();
        Assert.Equal(("trigger", "mailha/mail-down", "critical"), (Text(trigger, "event_action"), Text(trigger, "dedup_key"), Text(trigger, "payload.severity")));
        var (down, _) = Assert.Single(Harness.Alerts.Of<MailDown>(), a => a.Kind == AlertKind.Alert);
        Assert.Equal(VipVerdict.Nobody, down.Vip.Verdict);
        Assert.Equal(PageEvent.Fit(AlertText.Page(down, AlertKind.Alert)!.Summary), Text(trigger, "payload.summary"));
        Assert.Equal(("resolve", "mailha/mail-down"), (Text(resolve, "event_action"), Text(resolve, "dedup_key")));
    }

    [Fact]
    public async Task MailDown_IsNeitherPostedNorPaged_WhileAnOperationMovesTheVip()
    {
        var operationLock = Harness.Services.GetRequiredService<Operations.Journal.OperationLock>();
        Assert.True((await operationLock.TryAcquireAsync(Harness.Service.Name, "switchover-20261125-120000-1a2b", "switchover", "alice", Token)).Acquired);
        Harness.Nodes.VipHolder = "";

        await Health.CheckAsync(Token);
        await operationLock.ReleaseAsync("switchover-20261125-120000-1a2b", Token);
        Harness.Nodes.VipHolder = "mail2";
        await Health.CheckAsync(Token);

        Assert.Empty(Harness.AlertChannel.Posts);
    }

    [Fact]
    public async Task MirrorLagAndFallBack_TriggerAndResolveEachTheirKey_AsWarnings()
    {
        var alerter = Harness.Services.GetServices<IMirrorStreamObserver>().OfType<MirrorStreamAlerter>().Single();
        await alerter.OnStreamProblemAsync(new LagTooHigh(new ServiceName("jt-mail"), true, TimeSpan.FromMinutes(12), TimeSpan.FromMinutes(5)), Token);
        await alerter.OnStreamProblemAsync(new StreamFellBack(new ServiceName("jt-mail"), true, "too few inotify watches"), Token);
        await alerter.OnStreamProblemAsync(new LagTooHigh(new ServiceName("jt-mail"), false, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5)), Token);
        await alerter.OnStreamProblemAsync(new StreamFellBack(new ServiceName("jt-mail"), false, ""), Token);

        List<JsonNode> pages = [await NextAsync(), await NextAsync(), await NextAsync(), await NextAsync()];
        Assert.Equal(
            [("trigger", "mailha/mirror-lag"), ("trigger", "mailha/mirror-stream"), ("resolve", "mailha/mirror-lag"), ("resolve", "mailha/mirror-stream")],
            pages.Select(p => (Text(p, "event_action"), Text(p, "dedup_key"))));
        Assert.Equal("warning", Text(pages[0], "payload.severity"));
        var (lag, _) = Harness.Alerts.Of<ContinuousMirrorTrouble>()[0];
        Assert.Equal(TimeSpan.FromMinutes(12), Assert.IsType<LagTooHigh>(lag.Problem).Lag);
        Assert.Equal(PageEvent.Fit(AlertText.Page(lag, AlertKind.Alert)!.Summary), Text(pages[0], "payload.summary"));
    }

    [Fact]
    public async Task FlappingAcrossDownAfter_PagesOncePerOutage_WithItsOwnKey_AndRemindersPageNobody()
    {
        Harness.Nodes.Cut.Add("mail1");
        await CheckActiveAsync(6);
        Harness.Time.Advance(TimeSpan.FromHours(2));
        await CheckActiveAsync(2);
        Harness.Nodes.Cut.Remove("mail1");
        await CheckActiveAsync(1);
        Harness.Nodes.Cut.Add("mail1");
        await CheckActiveAsync(6);

        List<JsonNode> pages = [await NextAsync(), await NextAsync(), await NextAsync()];
        Assert.Equal(["trigger", "resolve", "trigger"], pages.Select(p => Text(p, "event_action")));
        Assert.Equal(Text(pages[0], "dedup_key"), Text(pages[1], "dedup_key"));
        Assert.NotEqual(Text(pages[0], "dedup_key"), Text(pages[2], "dedup_key"));
        Assert.Contains(Harness.AlertChannel.Posts, p => p.Content.Title.StartsWith("⏰ Still", StringComparison.Ordinal));
    }

    /// <summary>Waits for a condition the pager's worker makes true after it answered (its audit entry); bounded by the hang guard.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var guard = Wait.Token();
        while (!await condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), guard);
        }
    }

    [Fact]
    public async Task TwoInstances_WatchingAtOnce_PageOneTriggerAndOneResolve()
    {
        var second = Harness.Another();
        var secondPager = second.GetRequiredService<Pager>();
        await secondPager.StartAsync(Token);
        try
        {
            var watches = new[] { Health, second.GetRequiredService<HealthWatch>() };
            Harness.Nodes.SplitBrain = true;
            await Task.WhenAll(watches.Select(w => w.CheckAsync(Token)));
            Harness.Nodes.SplitBrain = false;
            await Task.WhenAll(watches.Select(w => w.CheckAsync(Token)));

            // Each pager sends in order: once both sentinels are in, everything either instance queued before them is too.
            Pager.Page(new PageEvent(PageAction.Resolve, "sentinel", "mailha/sentinel-1", "sentinel", "mailha"));
            secondPager.Page(new PageEvent(PageAction.Resolve, "sentinel", "mailha/sentinel-2", "sentinel", "mailha"));
            var pages = new List<JsonNode>();
            while (pages.Count(p => Text(p, "dedup_key").StartsWith("mailha/sentinel-", StringComparison.Ordinal)) < 2)
            {
                pages.Add(await NextAsync());
            }

            Assert.Equal(
                [("trigger", "mailha/split-brain"), ("resolve", "mailha/split-brain")],
                pages.Select(p => (Text(p, "event_action"), Text(p, "dedup_key"))).Where(p => !p.Item2.StartsWith("mailha/sentinel-", StringComparison.Ordinal)));
            Assert.Equal(2, Harness.AlertChannel.Posts.Count);
        }
        finally
        {
            await secondPager.StopAsync(CancellationToken.None);
        }
    }
}
