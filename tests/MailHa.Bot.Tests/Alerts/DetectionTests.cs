using System.Text.Json.Nodes;
using MailHa.Bot.Alerts;
using MailHa.Bot.Chat;
using MailHa.Bot.Paging;
using MailHa.Bot.Tests.Approvals;
using MailHa.Bot.Tests.Paging;
using MailHa.Operations.Liveness;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Tests.Alerts;

/// <summary>
/// Detection at the shipped defaults (<see cref="AlertOptions"/>), the checks paced by <see cref="WatchCadence"/> as the
/// schedule paces them, on a fake clock over fake nodes (a cut node: every view agrees it is gone), paging a local
/// PagerDuty stand-in through the real pager.
/// </summary>
public sealed class DetectionTests : IAsyncLifetime
{
    private PagedBot _paged = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private Pager Pager => Harness.Services.GetRequiredService<Pager>();

    private AlertOptions Options => Harness.Services.GetRequiredService<IOptions<AlertOptions>>().Value;

    private IEnumerable<(PostedMessage Message, ChatMessage Content)> Proposals =>
        Harness.AlertChannel.Posts.Where(p => p.Content.Title.Contains("is DOWN: failover", StringComparison.Ordinal));

    private PagerDutyStandIn PagerDutyServer => _paged.PagerDuty;

    private BotHarness Harness => _paged.Harness;

    public async ValueTask InitializeAsync() => _paged = await PagedBot.StartAsync(PagedBot.IntegrationKey, Token);

    public async ValueTask DisposeAsync() => await _paged.DisposeAsync();

    /// <summary>
    /// Watches mail1 for <paramref name="length"/>, cut whenever <paramref name="cut"/> says at a check's start (time
    /// since the first), each check started when the schedule would start it.
    /// </summary>
    private async Task WatchAsync(TimeSpan length, Func<TimeSpan, bool> cut)
    {
        var watch = Harness.Services.GetRequiredService<ActiveNodeWatch>();
        var detector = Harness.Services.GetRequiredService<DownDetector>();
        var start = Harness.Time.GetUtcNow();
        while (Harness.Time.GetUtcNow() - start <= length)
        {
            var started = Harness.Time.GetUtcNow();
            if (cut(started - start))
            {
                Harness.Nodes.Cut.Add("mail1");
            }
            else
            {
                Harness.Nodes.Cut.Remove("mail1");
            }

            await watch.CheckAsync(Token);
            var next = WatchCadence.Next(started, Harness.Time.GetUtcNow(), detector.NextDecision(), Options.WatchInterval);
            Harness.Time.Advance(next - Harness.Time.GetUtcNow());
        }
    }

    /// <summary>The events PagerDuty took, in order, up to a sentinel sent last (the pager sends in order).</summary>
    private async Task<List<JsonNode>> PagesAsync()
    {
        Pager.Page(new PageEvent(PageAction.Resolve, "sentinel", "mailha/sentinel", "sentinel", "mailha"));
        List<JsonNode> pages = [];
        while (await PagerDutyServer.NextEventAsync(Token) is var page && page["dedup_key"]?.GetValue<string>() != "mailha/sentinel")
        {
            pages.Add(page);
        }

        return pages;
    }

    [Fact]
    public async Task Watch_ProposesAndPagesOnce_WhenEveryViewAgreesForTheAgreedWindow()
    {
        await WatchAsync(Options.AgreedDownAfter, _ => true);

        Assert.Single(Proposals);
        var page = Assert.Single(await PagesAsync());
        Assert.Equal(("trigger", "active-down"), (page["event_action"]!.GetValue<string>(), page["payload"]!["class"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Watch_KeepsTheOutageToOneProposalAndOnePage_WhileTheNodeStaysDown()
    {
        await WatchAsync(TimeSpan.FromMinutes(5), _ => true);

        Assert.Single(Proposals);
        Assert.Single(await PagesAsync());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1500)]
    public async Task Watch_ProposesNothingAndPagesNobody_WhenTheNodeBlipsForFifteenSeconds(int phaseMs)
    {
        var from = Options.WatchInterval * 2 + TimeSpan.FromMilliseconds(phaseMs);

        await WatchAsync(TimeSpan.FromMinutes(3), t => t >= from && t < from + TimeSpan.FromSeconds(15));

        Assert.Empty(Harness.AlertChannel.Posts);
        Assert.Empty(await PagesAsync());
    }

    [Fact]
    public async Task Watch_ProposesNothingAndPagesNobody_WhenTheNodeFlapsForTenMinutes()
    {
        // Cut 10 s, back 20 s, for ten minutes; then up.
        await WatchAsync(TimeSpan.FromMinutes(11), t => t < TimeSpan.FromMinutes(10) && t.TotalSeconds % 30 < 10);

        Assert.Empty(Harness.AlertChannel.Posts);
        Assert.Empty(await PagesAsync());
    }

    [Fact]
    public async Task Watch_StillProposes_WhenAFlappingNodeThenStaysDownForDownAfter()
    {
        await WatchAsync(TimeSpan.FromMinutes(2) + Options.DownAfter, t => t.TotalSeconds % 30 < 10 || t >= TimeSpan.FromMinutes(2));

        Assert.Single(Proposals);
        Assert.Single(await PagesAsync());
    }
}
