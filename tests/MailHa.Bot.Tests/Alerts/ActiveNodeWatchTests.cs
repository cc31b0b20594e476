using System.Text.Json;
using System.Text.RegularExpressions;
using MailHa.Bot.Alerts;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.Tests.Approvals;
using MailHa.Bot.UseCases;
using MailHa.Operations.Failover;
using MailHa.Operations.Liveness;
using MailHa.Operations.Reporting;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Alerts;

/// <summary>The active node's watch at its default windows, checked every 15 s by the test, on a fake clock, over fake nodes.</summary>
public sealed class ActiveNodeWatchTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly BotHarness _bot = new();

    public void Dispose() => _bot.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private ActiveNodeWatch Watch => _bot.Services.GetRequiredService<ActiveNodeWatch>();

    private ApprovalService Approvals => _bot.Services.GetRequiredService<ApprovalService>();

    private IEnumerable<(PostedMessage Message, ChatMessage Content)> Proposals =>
        _bot.AlertChannel.Posts.Where(p => p.Content.Title.Contains("is DOWN: failover", StringComparison.Ordinal));

    /// <summary>Runs <paramref name="checks"/> checks one interval apart; the last verdict.</summary>
    private async Task<LivenessVerdict> CheckAsync(int checks)
    {
        LivenessVerdict? verdict = null;
        for (var i = 0; i < checks; i++)
        {
            if (i > 0)
            {
                _bot.Time.Advance(Interval);
            }

            verdict = await Watch.CheckAsync(Token);
        }

        return verdict!;
    }

    /// <summary>mail1 cut until it is declared down: the proposal posted.</summary>
    private async Task<(PostedMessage Message, ChatMessage Content)> ProposeAsync()
    {
        _bot.Nodes.Cut.Add("mail1");
        Assert.IsType<ActiveDown>(await CheckAsync(6));
        return Assert.Single(Proposals);
    }

    [Fact]
    public async Task Check_ProposesOnceWithRequestButton_WhenActiveStaysDownWithHealthyStandby()
    {
        _bot.Nodes.Cut.Add("mail1");

        var before = await CheckAsync(1);
        Assert.IsType<ActiveSuspected>(before);
        Assert.Empty(_bot.AlertChannel.Posts);
        _bot.Time.Advance(Interval);
        await CheckAsync(5);

        var card = Assert.Single(Proposals).Content;
        Assert.Single(_bot.AlertChannel.Posts);
        Assert.Equal([FailoverProposal.RequestButton], card.Actions);
        Assert.Equal(new CardAction.RequestFailover(PrimaryDown: true), card.Actions[0].Action);
        var (proposed, kind) = Assert.Single(_bot.Alerts.Of<FailoverProposed>());
        var leg = Assert.Single(proposed.Outage.Legs);
        Assert.Equal(("mail1", "mail2", AlertKind.Alert), (proposed.Outage.Active.Value, leg.Target?.Value, kind));
        Assert.Contains("ssh mail1: NO ANSWER", proposed.Outage.Views, StringComparison.Ordinal);
        Assert.Contains("VIP ARP mail1: NO ANSWER", proposed.Outage.Views, StringComparison.Ordinal);
        Assert.Contains("directory mail1: NO ANSWER", proposed.Outage.Views, StringComparison.Ordinal);
        Assert.Contains("smtp mail2: answers", proposed.Outage.Views, StringComparison.Ordinal);
        Assert.Equal("mail1", _bot.Nodes.VipHolder);
    }

    [Fact]
    public async Task Check_NeverProposes_WhenActiveFlapsEveryTwentySeconds()
    {
        for (var second = 0; second <= 600; second += 15)
        {
            if ((second / 20) % 2 == 0)
            {
                _bot.Nodes.Cut.Add("mail1");
            }
            else
            {
                _bot.Nodes.Cut.Remove("mail1");
            }

            Assert.IsNotType<ActiveDown>(await Watch.CheckAsync(Token));
            _bot.Time.Advance(Interval);
        }

        Assert.Empty(_bot.AlertChannel.Posts);
    }

    [Fact]
    public async Task Check_NeverProposes_WhenOnlyOneDaemonStops()
    {
        _bot.Nodes.Unreachable.Add("mail1");

        Assert.IsType<ActiveAlive>(await CheckAsync(10));

        Assert.Empty(_bot.AlertChannel.Posts);
    }

    [Fact]
    public async Task Check_AlertsCannotSeeEitherNodeOnceWithoutProposal_WhenBothNodesAreCut()
    {
        _bot.Nodes.Cut.UnionWith(["mail1", "mail2"]);

        Assert.IsType<NeitherVisible>(await CheckAsync(10));
        _bot.Nodes.Cut.Clear();
        await CheckAsync(1);

        Assert.Empty(Proposals);
        Assert.Equal([AlertKind.Alert, AlertKind.Recovery], _bot.Alerts.Of<NeitherNodeVisible>().Select(a => a.Kind));
        Assert.Equal([AlertKind.Alert, AlertKind.Recovery], _bot.Alerts.Seen.Select(a => a.Kind));
        Assert.Empty(_bot.AlertChannel.Posts[0].Content.Actions);
    }

    [Fact]
    public async Task Check_WithdrawsTheCardInPlace_WhenActiveComesBack()
    {
        var (posted, _) = await ProposeAsync();

        _bot.Nodes.Cut.Remove("mail1");
        Assert.IsType<ActiveAlive>(await CheckAsync(1));
        await CheckAsync(3);

        Assert.Single(_bot.AlertChannel.Posts);
        var (message, update) = Assert.Single(_bot.AlertChannel.Updates);
        Assert.Equal(posted, message);
        var (over, kind) = Assert.Single(_bot.Alerts.Of<OutageOver>());
        Assert.Equal((false, AlertKind.Recovery), (over.Replaced, kind));
        Assert.Empty(update.Actions);
    }

    [Fact]
    public async Task Check_NeitherRepostsNorForgetsTheCard_WhenTheBotRestartsDuringTheOutage()
    {
        var (posted, _) = await ProposeAsync();

        _bot.Restart();
        await CheckAsync(8);
        _bot.Nodes.Cut.Remove("mail1");
        await CheckAsync(2);

        // One card for the outage: the bot started after the restart updated the one posted before it.
        Assert.Single(Proposals);
        var (message, update) = Assert.Single(_bot.AlertChannel.Updates);
        Assert.Equal(posted, message);
        Assert.Empty(update.Actions);
    }

    [Fact]
    public async Task Check_PostsOneReminder_WhenActiveStaysDownAndNobodyActs()
    {
        await ProposeAsync();

        _bot.Time.Advance(TimeSpan.FromHours(1));
        await CheckAsync(4);

        Assert.Single(Proposals);
        var (reminder, kind) = Assert.Single(_bot.Alerts.Of<FailoverNotRequested>());
        Assert.Equal(AlertKind.Reminder, kind);
        Assert.Equal([_bot.Service.Name], reminder.Unrequested);
    }

    [Fact]
    public async Task RequestButton_RequestsFailoverAsThePresser_AndTheCardNamesTheRequest()
    {
        var (posted, card) = await ProposeAsync();
        var button = Assert.Single(card.Actions);

        await _bot.ClickAsync(BotHarness.Slack("bob"), button.Action, _bot.AlertChannel);
        await CheckAsync(1);

        Assert.Equal(ReplyOutcome.Pending, _bot.Outcomes.Last);
        var pending = Assert.Single(await Approvals.PendingAsync(Token));
        Assert.Equal(("failover", "bob"), (pending.Approvable.Verb, pending.Requester.Name));
        var request = JsonSerializer.Deserialize<VipOperationRequest>(pending.Approvable.Request, ChatStateJson.Options);
        Assert.Equal((OperationKind.Failover, new FailoverOverrides(PrimaryDown: true)), (request!.Kind, request.Overrides));
        var (message, update) = Assert.Single(_bot.AlertChannel.Updates);
        Assert.Equal(posted, message);
        Assert.Empty(update.Actions);
        var (outage, _) = Assert.NotNull(await _bot.Services.GetRequiredService<AlertCards<FailoverProposal.Outage>>().LoadAsync(FailoverProposal.Problem, Token));
        var leg = Assert.Single(outage.Legs);
        Assert.Equal((pending.Id, new FailoverAwaitingApproval(pending.Id, "bob")), (leg.RequestId, leg.Status));
        Assert.Equal(leg.Status!.Describe(), update.Sections[0].Text);
        Assert.Equal("mail1", _bot.Nodes.VipHolder);
    }

    [Fact]
    public async Task RequestButton_IsRefusedAndRequestsNothing_WhenPresserLacksTheRequestRole()
    {
        var (_, card) = await ProposeAsync();
        var button = Assert.Single(card.Actions);

        await _bot.ClickAsync(BotHarness.Slack("carol"), button.Action, _bot.AlertChannel);
        await CheckAsync(1);

        Assert.Equal(ReplyOutcome.Refused, _bot.Outcomes.Last);
        Assert.Empty(await Approvals.PendingAsync(Token));
        Assert.Empty(_bot.AlertChannel.Updates);
    }

    [Fact]
    public async Task Check_SaysTheStandbyIsActive_WhenTheRequestedFailoverIsApprovedAndDone()
    {
        var (posted, card) = await ProposeAsync();
        var button = Assert.Single(card.Actions);
        await _bot.ClickAsync(BotHarness.Slack("bob"), button.Action, _bot.AlertChannel);
        var id = Assert.Single(await Approvals.PendingAsync(Token)).Id;

        await _bot.ClickAsync(BotHarness.Slack("alice"), new CardAction.Approve(id), _bot.AlertChannel);
        await _bot.AlertChannel.WaitForAsync(m => m.Title.EndsWith(": SUCCEEDED", StringComparison.Ordinal) || m.Title.EndsWith(": FAILED", StringComparison.Ordinal), Wait.Token());
        await CheckAsync(1);

        Assert.Equal(ApprovalState.Succeeded, (await Approvals.FindAsync(id, Token))!.State);
        Assert.Equal("mail2", _bot.Nodes.VipHolder);
        var last = _bot.AlertChannel.Updates.Last(u => u.Message == posted).Content;
        var (over, _) = Assert.Single(_bot.Alerts.Of<OutageOver>());
        Assert.True(over.Replaced);
        Assert.Equal("mail2", Assert.Single(over.Now).Active.Value);
        Assert.StartsWith("bob", over.Now[0].ChangedBy, StringComparison.Ordinal);
        Assert.Empty(last.Actions);
    }

    [Fact]
    public async Task RequestButton_CardShowsTheWatchsFreshFinding_WithoutAskingTheDeadNodeAgain()
    {
        var (_, card) = await ProposeAsync();
        var asked = _bot.Nodes.CommandsTo("mail1").Count;
        _bot.Time.Advance(TimeSpan.FromSeconds(5));

        await _bot.ClickAsync(BotHarness.Slack("bob"), Assert.Single(card.Actions).Action, _bot.AlertChannel);

        Assert.Equal(ReplyOutcome.Pending, _bot.Outcomes.Last);
        Assert.Equal(asked, _bot.Nodes.CommandsTo("mail1").Count);
        // The card says whose its view of mail1 and of the VIP is, and how old: the watch's, from 5 s before.
        Assert.Equal(2, Regex.Count(RequestCardText(), Regex.Escape($", {Durations.Format(TimeSpan.FromSeconds(5))} old")));
    }

    [Fact]
    public async Task RequestButton_CardAsksTheNodeItself_WhenTheWatchsFindingNoLongerStands()
    {
        var (_, card) = await ProposeAsync();
        var asked = _bot.Nodes.CommandsTo("mail1").Count;
        _bot.Time.Advance(WatchFinding.StandsFor + TimeSpan.FromSeconds(1));

        await _bot.ClickAsync(BotHarness.Slack("bob"), Assert.Single(card.Actions).Action, _bot.AlertChannel);

        Assert.Equal(ReplyOutcome.Pending, _bot.Outcomes.Last);
        Assert.Equal(["list-addresses"], _bot.Nodes.CommandsTo("mail1").Skip(asked));
        Assert.DoesNotContain($"{Durations.Format(WatchFinding.StandsFor + TimeSpan.FromSeconds(1))} old", RequestCardText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_AsksTheDeadNodeOnceAfresh_AndRunsOnThatCheck_WhenTheRequestCardTookTheWatchsFinding()
    {
        var (_, card) = await ProposeAsync();
        await _bot.ClickAsync(BotHarness.Slack("bob"), Assert.Single(card.Actions).Action, _bot.AlertChannel);
        var id = Assert.Single(await Approvals.PendingAsync(Token)).Id;
        var asked = _bot.Nodes.CommandsTo("mail1").Count;
        _bot.Time.Advance(TimeSpan.FromSeconds(5));

        await _bot.ClickAsync(BotHarness.Slack("alice"), new CardAction.Approve(id), _bot.AlertChannel);
        var final = await _bot.AlertChannel.WaitForAsync(m => m.Title.EndsWith(": SUCCEEDED", StringComparison.Ordinal) || m.Title.EndsWith(": FAILED", StringComparison.Ordinal), Wait.Token());

        // The approval's own check is the one plan after the click: the dead node asked once, by it; the run plans no more.
        Assert.EndsWith(": SUCCEEDED", final.Title, StringComparison.Ordinal);
        Assert.Equal(["list-addresses"], _bot.Nodes.CommandsTo("mail1").Skip(asked));
        Assert.Equal("mail2", _bot.Nodes.VipHolder);
    }

    /// <summary>The request's approval card, as the alert channel got it.</summary>
    private string RequestCardText() =>
        string.Join('\n', Assert.Single(_bot.AlertChannel.Posts, p => p.Content.Actions.Any(a => a.Action is CardAction.Approve)).Content.Sections.Select(s => s.Text));
}
