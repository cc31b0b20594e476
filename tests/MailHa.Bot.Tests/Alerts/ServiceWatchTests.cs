using System.Text.Json;
using MailHa.Bot.Alerts;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.Tests.Approvals;
using MailHa.Bot.UseCases;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Alerts;

/// <summary>The watch per service, in the symmetric and N+1 models (checks every 15 s, down after 60 s, fake clock and nodes).</summary>
public sealed class ServiceWatchTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static IEnumerable<ChatMessage> Proposals(BotHarness bot) =>
        bot.AlertChannel.Posts.Select(p => p.Content).Where(m => m.Title.Contains("is DOWN: failover", StringComparison.Ordinal));

    private static async Task CheckAsync(BotHarness bot, int checks)
    {
        var watch = bot.Services.GetRequiredService<ActiveNodeWatch>();
        for (var i = 0; i < checks; i++)
        {
            if (i > 0)
            {
                bot.Time.Advance(Interval);
            }

            await watch.CheckAsync(Token);
        }
    }

    /// <summary>jt-mail-a failed over to mail2 (recorded, and mail2 holds its VIP): mail2 runs both.</summary>
    private static async Task MoveAToMail2Async(BotHarness bot)
    {
        var topology = bot.Services.GetRequiredService<MailTopology>();
        var roles = bot.Services.GetRequiredService<RoleStore>();
        var a = topology.Services[0];
        var state = await roles.GetAsync(a, Token);
        Assert.NotNull(await roles.ChangeAsync(a, state.Generation, new NodeName("mail2"), false, "bob", "failover", Token));
        bot.Nodes.VipHolder = "mail2";
    }

    [Fact]
    public async Task Check_ProposesOnlyTheServiceTheNodeRan_AndSaysTheOtherHasNoStandby_WhenMail1DiesInSymmetric()
    {
        using var bot = new BotHarness(LabTopology.Symmetric);
        bot.Nodes.Cut.Add("mail1");

        await CheckAsync(bot, 6);

        var card = Assert.Single(Proposals(bot));
        var (proposed, _) = Assert.Single(bot.Alerts.Of<FailoverProposed>());
        Assert.Equal(new NodeName("mail1"), proposed.Outage.Active);
        Assert.Equal([(new ServiceName("jt-mail-a"), (NodeName?)new NodeName("mail2"))], proposed.Outage.Legs.Select(l => (l.Service, l.Target)));
        var button = Assert.Single(card.Actions);
        Assert.Equal(new CardAction.RequestFailover(PrimaryDown: true, new ServiceName("jt-mail-a")), button.Action);
        var (noStandby, kind) = Assert.Single(bot.Alerts.Of<NoStandby>());
        Assert.Equal((new ServiceName("jt-mail-b"), new NodeName("mail1"), AlertKind.Alert), (noStandby.Service, noStandby.Standby, kind));
    }

    [Fact]
    public async Task Check_ProposesOneCardNamingBothServicesWithAButtonEach_WhenTheNodeRunningBothDies()
    {
        using var bot = new BotHarness(LabTopology.Symmetric);
        await MoveAToMail2Async(bot);
        bot.Nodes.Cut.Add("mail2");

        await CheckAsync(bot, 6);
        await CheckAsync(bot, 3);

        var card = Assert.Single(Proposals(bot));
        var (proposed, _) = Assert.Single(bot.Alerts.Of<FailoverProposed>());
        Assert.Equal(new NodeName("mail2"), proposed.Outage.Active);
        Assert.Equal([(new ServiceName("jt-mail-a"), (NodeName?)new NodeName("mail1")), (new ServiceName("jt-mail-b"), new NodeName("mail1"))], proposed.Outage.Legs.Select(l => (l.Service, l.Target)));
        Assert.Equal(
            [new CardAction.RequestFailover(true, new ServiceName("jt-mail-a")), new CardAction.RequestFailover(true, new ServiceName("jt-mail-b"))],
            card.Actions.Select(a => a.Action));
    }

    [Fact]
    public async Task RequestButton_RequestsThatServicesFailoverOnly_AndTheCardKeepsTheOtherButton()
    {
        using var bot = new BotHarness(LabTopology.Symmetric);
        await MoveAToMail2Async(bot);
        bot.Nodes.Cut.Add("mail2");
        await CheckAsync(bot, 6);
        var (posted, card) = Assert.Single(bot.AlertChannel.Posts, p => p.Content.Title.Contains("is DOWN: failover", StringComparison.Ordinal));

        await bot.ClickAsync(BotHarness.Slack("bob"), card.Actions[1].Action, bot.AlertChannel);
        await CheckAsync(bot, 1);

        Assert.Equal(ReplyOutcome.Pending, bot.Outcomes.Last);
        var approvals = bot.Services.GetRequiredService<ApprovalService>();
        var pending = Assert.Single(await approvals.PendingAsync(Token));
        Assert.Equal(("failover", "bob"), (pending.Approvable.Verb, pending.Requester.Name));
        Assert.Equal(new ServiceName("jt-mail-b"), JsonSerializer.Deserialize<VipOperationRequest>(pending.Approvable.Request, ChatStateJson.Options)!.Service);
        var update = bot.AlertChannel.Updates.Last(u => u.Message == posted).Content;
        var (outage, _) = Assert.NotNull(await bot.Services.GetRequiredService<AlertCards<FailoverProposal.Outage>>().LoadAsync($"{FailoverProposal.Problem}:mail2", Token));
        Assert.Equal(
            [(new ServiceName("jt-mail-a"), null), (new ServiceName("jt-mail-b"), new FailoverAwaitingApproval(pending.Id, "bob"))],
            outage.Legs.Select(l => (l.Service, l.Status)));
        Assert.Equal($"jt-mail-b: {outage.Legs[1].Status!.Describe()}", update.Sections[0].Text);
        Assert.Equal([new CardAction.RequestFailover(true, new ServiceName("jt-mail-a"))], update.Actions.Select(a => a.Action));
    }

    [Fact]
    public async Task Check_SaysEachServiceHasNoStandbyWithoutProposal_WhenTheNPlusOneStandbyDies_AndRecovers()
    {
        using var bot = new BotHarness(LabTopology.NPlusOne);
        bot.Nodes.Cut.Add("mail3");

        await CheckAsync(bot, 6);
        bot.Nodes.Cut.Remove("mail3");
        await CheckAsync(bot, 1);

        Assert.Empty(Proposals(bot));
        Assert.Equal(
            [
                ("jt-mail-a", "mail3", AlertKind.Alert),
                ("jt-mail-b", "mail3", AlertKind.Alert),
                ("jt-mail-a", "mail3", AlertKind.Recovery),
                ("jt-mail-b", "mail3", AlertKind.Recovery),
            ],
            bot.Alerts.Seen.Select(r => r.Alert is NoStandby none ? (none.Service.Value, none.Standby.Value, r.Kind) : ("", "", r.Kind)));
        Assert.Equal(4, bot.AlertChannel.Posts.Count);
    }
}
