using System.Text.Json.Nodes;
using MailHa.Bot.Alerts;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.UseCases;
using MailHa.Operations.Failover;
using MailHa.Operations.Journal;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Approvals;

/// <summary>
/// What a restart between two clicks must not forget, on both journal providers: the bot is stopped and another
/// started on the same journal, nodes, clock and chat platform, so only what the journal holds carries over.
/// </summary>
public sealed class RestartTests(PostgresServer postgres)
{
    public static TheoryData<StorageProvider> Providers => new(StorageProvider.Sqlite, StorageProvider.PostgreSql);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Approve_RunsTheRequestAndReplacesEveryCard_WhenTheBotRestartedBetweenRequestAndApproval(StorageProvider provider)
    {
        using var bot = await BotHarness.StartAsync(provider, postgres);
        var (slack, id) = await RequestSwitchoverAsync(bot);

        bot.Restart();
        var approved = await bot.ClickAsync(BotHarness.Teams("bob"), new CardAction.Approve(id), bot.Conversation("teams:c"));
        await slack.WaitForAsync(m => m.Title.EndsWith(": SUCCEEDED", StringComparison.Ordinal) || m.Title.EndsWith(": FAILED", StringComparison.Ordinal), Wait.Token());

        Assert.Equal($"Approved {id}", approved!.Title);
        Assert.Equal(ApprovalState.Succeeded, (await Approvals(bot).FindAsync(id, Token))!.State);
        Assert.Equal("mail2", bot.Nodes.VipHolder);
        // The cards posted before the restart (in Slack and in the alert channel) lost their buttons.
        Assert.Contains(slack.Updates, u => u.Message == slack.Posts[0].Message && u.Content.Actions.Count == 0);
        Assert.Contains(bot.AlertChannel.Updates, u => u.Message == bot.AlertChannel.Posts[0].Message && u.Content.Actions.Count == 0);
        // The requester and approver are the people behind the accounts, found again after the restart.
        var operation = (await bot.Services.GetRequiredService<OperationJournal>().LatestAsync(Token))!;
        Assert.Equal(("alice", "bob"), (operation.RequestedBy, operation.ApprovedBy));
        var header = FailoverReportText.Header("alice", "bob", id);
        Assert.Contains(slack.Posts.Concat(slack.Updates), p => p.Content.Sections.Any(s => s.Text == header));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Approve_ShowsTheKeptCardsButtonsAndRuns_WhenTheCardWasKeptBeforeActionsWereValues(StorageProvider provider)
    {
        using var bot = await BotHarness.StartAsync(provider, postgres);
        var (slack, id) = await RequestSwitchoverAsync(bot);
        await KeepCardButtonsAsBeforeAsync(bot, id);

        bot.Restart();
        var refused = await bot.Router.HandleAsync(new ChatActionEvent(BotHarness.Teams("carol"), "teams-activity-1", new CardAction.Approve(id), null, AnswerReplacesCard: true), bot.Conversation("teams:c"), Token);
        var approved = await bot.ClickAsync(BotHarness.Teams("bob"), new CardAction.Approve(id), bot.Conversation("teams:c"));
        await slack.WaitForAsync(m => m.Title.EndsWith(": SUCCEEDED", StringComparison.Ordinal) || m.Title.EndsWith(": FAILED", StringComparison.Ordinal), Wait.Token());

        Assert.Equal([new CardAction.Approve(id), new CardAction.Reject(id)], refused!.Actions.Select(a => a.Action));
        Assert.Equal($"Approved {id}", approved!.Title);
        Assert.Equal(ApprovalState.Succeeded, (await Approvals(bot).FindAsync(id, Token))!.State);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Approve_IsRefusedAndChangesNothing_WhenTheRequestExpiredAcrossARestart(StorageProvider provider)
    {
        using var bot = await BotHarness.StartAsync(provider, postgres);
        var (slack, id) = await RequestSwitchoverAsync(bot);

        bot.Restart();
        bot.Time.Advance(TimeSpan.FromMinutes(11));
        await Approvals(bot).ExpireDueAsync(Token);
        var late = await bot.ClickAsync(BotHarness.Teams("bob"), new CardAction.Approve(id), bot.Conversation("teams:c"));

        Assert.Equal("Refused", late!.Title);
        Assert.Equal(ApprovalState.Expired, (await Approvals(bot).FindAsync(id, Token))!.State);
        Assert.Contains(slack.Posts, p => p.Content.Title == $"Request {id} expired");
        Assert.Contains(slack.Updates, u => u.Message == slack.Posts[0].Message && u.Content.Title.EndsWith("EXPIRED", StringComparison.Ordinal));
        Assert.Equal("mail1", bot.Nodes.VipHolder);
        Assert.DoesNotContain(bot.Nodes.Commands, c => c.EndsWith(":ip-addr-add", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Approve_CountsOnceAndTellsTheOther_WhenTwoInstancesDecideTheSameRequest(StorageProvider provider)
    {
        using var bot = await BotHarness.StartAsync(provider, postgres);
        var (_, id) = await RequestSwitchoverAsync(bot);
        var read = (await Approvals(bot).FindAsync(id, Token))!;

        // Another instance rejects it after this one read it: this one's write must not land.
        await bot.ClickAsync(BotHarness.Teams("bob"), new CardAction.Reject(id), bot.Conversation("teams:c"));
        read.State = ApprovalState.Approved;
        var written = await bot.Services.GetRequiredService<ApprovalStore>().SaveAsync(read, Token);

        Assert.False(written);
        Assert.Equal(ApprovalState.Rejected, (await Approvals(bot).FindAsync(id, Token))!.State);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Handle_IgnoresARedelivery_WhenItArrivesAfterARestart(StorageProvider provider)
    {
        using var bot = await BotHarness.StartAsync(provider, postgres);
        var slack = bot.Conversation("slack:C1");
        var delivery = new ChatCommandEvent(BotHarness.Slack("alice"), "slack-retry-1", "switchover");
        await bot.Router.HandleAsync(delivery, slack, Token);

        bot.Restart();
        var again = await bot.Router.HandleAsync(delivery, slack, Token);

        Assert.Null(again);
        Assert.Single(await Approvals(bot).PendingAsync(Token));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Observe_NeitherRepeatsTheAlertNorForgetsTheRecovery_WhenTheBotRestartsDuringAProblem(StorageProvider provider)
    {
        using var bot = await BotHarness.StartAsync(provider, postgres);
        var first = await bot.Services.GetRequiredService<AlertTracker>().ObserveAsync("split-brain", bad: true, Token);

        bot.Restart();
        var tracker = bot.Services.GetRequiredService<AlertTracker>();
        var still = await tracker.ObserveAsync("split-brain", bad: true, Token);
        var over = await tracker.ObserveAsync("split-brain", bad: false, Token);

        Assert.Equal((AlertKind.Alert, AlertKind.None, AlertKind.Recovery), (first, still, over));
    }

    private static ApprovalService Approvals(BotHarness bot) => bot.Services.GetRequiredService<ApprovalService>();

    /// <summary>Rewrites request <paramref name="id"/>'s kept card with its buttons as MailHa kept them before actions were values.</summary>
    private static async Task KeepCardButtonsAsBeforeAsync(BotHarness bot, string id)
    {
        var journal = bot.Services.GetRequiredService<JournalDatabase>();
        await using var connection = await journal.OpenAsync(Token);
        await using var read = connection.CreateCommand();
        read.CommandText = $"SELECT document FROM approvals WHERE id = '{id}'";
        var document = JsonNode.Parse((string)(await read.ExecuteScalarAsync(Token))!)!;
        document["card"]!["actions"] = new JsonArray(
            new JsonObject { ["verb"] = "approve", ["title"] = "Approve", ["requestId"] = id, ["style"] = "Primary" },
            new JsonObject { ["verb"] = "reject", ["title"] = "Reject", ["requestId"] = id, ["style"] = "Danger" });
        await using var write = connection.CreateCommand();
        write.CommandText = $"UPDATE approvals SET document = @document WHERE id = '{id}'";
        var parameter = write.CreateParameter();
        parameter.ParameterName = "document";
        parameter.Value = document.ToJsonString();
        write.Parameters.Add(parameter);
        Assert.Equal(1, await write.ExecuteNonQueryAsync(Token));
    }

    /// <summary>alice asks for a switchover in Slack channel C1: the channel and the request's id.</summary>
    private static async Task<(RecordingConversation Slack, string Id)> RequestSwitchoverAsync(BotHarness bot)
    {
        var slack = bot.Conversation("slack:C1");
        await bot.SayAsync(BotHarness.Slack("alice"), "switchover", slack);
        return (slack, Assert.Single(await Approvals(bot).PendingAsync(Token)).Id);
    }
}
