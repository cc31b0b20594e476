using System.Text.Json.Nodes;
using MailHa.Bot.Alerts;
using MailHa.Bot.Paging;
using MailHa.Bot.Tests.Approvals;
using MailHa.Operations.Liveness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MailHa.Bot.Tests.Paging;

/// <summary>The alert sources paging a local PagerDuty stand-in through the real queue, worker and HTTP client, on a fake clock.</summary>
public sealed class PagingTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly string _secrets = Directory.CreateTempSubdirectory("mailha-paging-").FullName;
    private PagerDutyStandIn _pagerDuty = null!;
    private BotHarness _bot = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private Pager Pager => _bot.Services.GetRequiredService<Pager>();

    private HealthWatch Health => _bot.Services.GetRequiredService<HealthWatch>();

    private ActiveNodeWatch ActiveNode => _bot.Services.GetRequiredService<ActiveNodeWatch>();

    public async ValueTask InitializeAsync() => await StartAsync("R0UT1NGKEY0000000000000000000001");

    private async Task StartAsync(string routingKey)
    {
        _pagerDuty = await PagerDutyStandIn.StartAsync("R0UT1NGKEY0000000000000000000001", Token);
        var keyFile = Path.Combine(_secrets, "routing-key");
        await File.WriteAllTextAsync(keyFile, routingKey + "\n", Token);
        _bot = new BotHarness(services => services.Configure<PagerDutyOptions>(o =>
        {
            o.RoutingKey = $"file:{keyFile}";
            o.Url = _pagerDuty.Url;
            o.RetryDelay = TimeSpan.Zero;
        }));
        await Pager.StartAsync(Token);
    }

    private async Task StopAsync()
    {
        await Pager.StopAsync(CancellationToken.None);
        await _pagerDuty.DisposeAsync();
        _bot.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_secrets, recursive: true);
    }

    private static string Text(JsonNode page, string path) =>
        path.Split('.').Aggregate<string, JsonNode?>(page, (node, key) => node?[key])?.GetValue<string>() ?? "";

    private async Task<JsonNode> NextAsync() => await _pagerDuty.NextEventAsync(Token);

    private async Task CheckActiveAsync(int checks)
    {
        for (var i = 0; i < checks; i++)
        {
            _bot.Time.Advance(Interval);
            await ActiveNode.CheckAsync(Token);
        }
    }

    [Fact]
    public async Task Outage_TriggersThenAcknowledgesThenResolves_WithOneDedupKey()
    {
        _bot.Nodes.Cut.Add("mail1");
        await CheckActiveAsync(6);

        var trigger = await NextAsync();
        Assert.Equal("trigger", Text(trigger, "event_action"));
        Assert.Equal(_pagerDuty.RoutingKey, Text(trigger, "routing_key"));
        var key = Text(trigger, "dedup_key");
        Assert.StartsWith("mailha/active-down/mail1/", key, StringComparison.Ordinal);
        Assert.Equal(("mail1", "critical", "mail", "active-down"), (Text(trigger, "payload.source"), Text(trigger, "payload.severity"), Text(trigger, "payload.component"), Text(trigger, "payload.class")));
        Assert.StartsWith("🚨 mail1 (active) is DOWN: failover to mail2 proposed", Text(trigger, "payload.summary"), StringComparison.Ordinal);
        Assert.InRange(Text(trigger, "payload.summary").Length, 1, PageEvent.MaxSummary);

        var card = Assert.Single(_bot.AlertChannel.Posts).Content;
        var button = Assert.Single(card.Actions);
        await _bot.ClickAsync(BotHarness.Slack("bob"), button.Action, _bot.AlertChannel);
        await CheckActiveAsync(1);
        var acknowledge = await NextAsync();
        Assert.Equal(("acknowledge", key), (Text(acknowledge, "event_action"), Text(acknowledge, "dedup_key")));

        _bot.Nodes.Cut.Remove("mail1");
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
                _bot.Nodes.Cut.Add("mail1");
            }
            else
            {
                _bot.Nodes.Cut.Remove("mail1");
            }

            Assert.IsNotType<ActiveDown>(await ActiveNode.CheckAsync(Token));
            _bot.Time.Advance(Interval);
        }

        _bot.Nodes.Cut.Remove("mail1");
        foreach (var splitBrain in new[] { true, true, false, true, true, false })
        {
            _bot.Nodes.SplitBrain = splitBrain;
            await Health.CheckAsync(Token);
            _bot.Time.Advance(TimeSpan.FromHours(2));
        }

        // The queue is in order: had the flapping node paged, its page would come first.
        List<JsonNode> pages = [await NextAsync(), await NextAsync(), await NextAsync(), await NextAsync()];
        Assert.Equal(["trigger", "resolve", "trigger", "resolve"], pages.Select(p => Text(p, "event_action")));
        Assert.All(pages, p => Assert.Equal("mailha/split-brain", Text(p, "dedup_key")));
        Assert.Equal(6, _bot.AlertChannel.Posts.Count);
    }

    [Fact]
    public async Task AnotherInstance_OnTheSameJournal_DoesNotPageAgain_AndResolvesTheSameKey()
    {
        _bot.Nodes.SplitBrain = true;
        await Health.CheckAsync(Token);
        var trigger = await NextAsync();
        await Pager.StopAsync(CancellationToken.None);
        _bot.Restart();
        await Pager.StartAsync(Token);

        await Health.CheckAsync(Token);
        _bot.Nodes.SplitBrain = false;
        await Health.CheckAsync(Token);

        var next = await NextAsync();
        Assert.Equal(("trigger", "resolve"), (Text(trigger, "event_action"), Text(next, "event_action")));
        Assert.Equal(Text(trigger, "dedup_key"), Text(next, "dedup_key"));
    }

    [Fact]
    public async Task Throttled_IsRetriedUntilAccepted()
    {
        _pagerDuty.Throttle = 3;
        _bot.Nodes.SplitBrain = true;
        await Health.CheckAsync(Token);
        _bot.Nodes.SplitBrain = false;
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

        _bot.Nodes.SplitBrain = true;
        await Health.CheckAsync(Token);
        _bot.Nodes.SplitBrain = false;
        await Health.CheckAsync(Token);
        await NextAsync();
        await NextAsync(); // The worker sends one at a time: the first answer is in.

        var check = await ActivatorUtilities.CreateInstance<PagingHealthCheck>(_bot.Services).CheckHealthAsync(new HealthCheckContext(), Token);
        Assert.Equal(HealthStatus.Degraded, check.Status);
        Assert.Contains("refused: 400 Event object is invalid: Invalid routing key", check.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-integration-key", check.Description, StringComparison.Ordinal);
        Assert.Equal(2, _bot.AlertChannel.Posts.Count);
    }

    [Fact]
    public async Task ChatAlert_IsPosted_WhilePagingHangs()
    {
        _pagerDuty.Hang = true;
        _bot.Nodes.SplitBrain = true;
        await Health.CheckAsync(Token);
        await NextAsync();
        _bot.Nodes.SplitBrain = false;
        await Health.CheckAsync(Token);

        Assert.Collection(
            _bot.AlertChannel.Posts.Select(p => p.Content.Title),
            t => Assert.StartsWith("🚨 SPLIT BRAIN", t, StringComparison.Ordinal),
            t => Assert.StartsWith("✅ Split brain over", t, StringComparison.Ordinal));
    }
}
