using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Approvals;

/// <summary>
/// The operator's words for the replies of the request-and-approve family (who may not do what, why a click changed
/// nothing), pinned once here; the behaviour tests (<see cref="ApprovalFlowTests"/>, <see cref="RouterTests"/>, …)
/// assert the typed <see cref="ReplyOutcome"/> and the state.
/// </summary>
public sealed class ApprovalTextTests : IDisposable
{
    private readonly BotHarness _bot = new();
    private RecordingConversation Channel => _bot.Conversation("slack:C1");

    public void Dispose() => _bot.Dispose();

    private async Task<string> RequestSwitchoverAsync()
    {
        await _bot.SayAsync(BotHarness.Slack("alice"), "switchover", Channel);
        return Assert.Single(await _bot.Services.GetRequiredService<ApprovalService>().PendingAsync(TestContext.Current.CancellationToken)).Id;
    }

    [Fact]
    public async Task Replies_SayWhoMayNotDoWhat()
    {
        var stranger = await _bot.SayAsync(new ChatUser(ChatPlatform.Slack, "T1", "U-unknown", "alice"), "status", Channel);
        var reader = await _bot.SayAsync(BotHarness.Slack("carol"), "failover", Channel);
        var id = await RequestSwitchoverAsync();
        var card = Assert.Single(Channel.Posts).Content;
        var own = await _bot.ClickAsync(BotHarness.Slack("alice"), new CardAction.Approve(id), Channel);
        var notApprover = await _bot.ClickAsync(BotHarness.Slack("carol"), new CardAction.Approve(id), Channel);
        await _bot.SayAsync(BotHarness.Slack("bob"), "failover --primary-down", Channel);
        var acknowledged = Assert.Single(await _bot.Services.GetRequiredService<ApprovalService>().PendingAsync(TestContext.Current.CancellationToken), p => p.Requester.Name == "bob").Card;
        var replaced = await _bot.Router.HandleAsync(
            new ChatActionEvent(BotHarness.Teams("carol"), "teams-activity-1", new CardAction.Approve(id), null, AnswerReplacesCard: true), _bot.Conversation("teams:c"), TestContext.Current.CancellationToken);

        Assert.Equal(("Not allowed", "Slack account T1/U-unknown is not a MailHa user. Ask an administrator to add this id under MailHa:People. Only 'help' is open to everyone."), (stranger!.Title, stranger.Sections[0].Text));
        Assert.Equal(("Not allowed", "carol does not hold the Request role needed for 'failover'."), (reader!.Title, reader.Sections[0].Text));
        Assert.StartsWith("Approval needed: Switchover", card.Title, StringComparison.Ordinal);
        Assert.Equal(("Refused", $"You requested {id}: a different person must approve it. Nothing was changed."), (own!.Title, own.Sections[0].Text));
        Assert.Equal(("Refused", "carol does not hold the approver role. Nothing was changed."), (notApprover!.Title, notApprover.Sections[0].Text));
        Assert.Equal("⚠ carol: carol does not hold the approver role. Nothing was changed.", replaced!.Sections[0].Text);
        Assert.Contains(acknowledged.Sections, s => s.Text == "Approving also accepts: primary-down acknowledged.");
    }

    [Fact]
    public async Task Replies_SayWhatAClickDid_OrWhyItChangedNothing()
    {
        var approvedId = await RequestSwitchoverAsync();
        var approved = await _bot.ClickAsync(BotHarness.Slack("bob"), new CardAction.Approve(approvedId), Channel);
        var again = await _bot.ClickAsync(BotHarness.Slack("bob"), new CardAction.Approve(approvedId), Channel);
        await Channel.WaitForAsync(m => m.Title.EndsWith(": SUCCEEDED", StringComparison.Ordinal) || m.Title.EndsWith(": FAILED", StringComparison.Ordinal), Wait.Token());

        var voidId = await RequestSwitchoverAsync();
        _bot.Nodes.VipHolder = "mail1"; // moved by hand: what the request showed is no longer true
        var voided = await _bot.ClickAsync(BotHarness.Slack("bob"), new CardAction.Approve(voidId), Channel);
        _bot.Nodes.VipHolder = "mail2";

        var expiredId = await RequestSwitchoverAsync();
        _bot.Time.Advance(TimeSpan.FromMinutes(11));
        var expired = await _bot.ClickAsync(BotHarness.Slack("bob"), new CardAction.Approve(expiredId), Channel);

        Assert.StartsWith($"Approved {approvedId}", approved!.Title, StringComparison.Ordinal);
        Assert.StartsWith($"Request {approvedId} is already", again!.Sections[0].Text, StringComparison.Ordinal);
        Assert.Equal("Approval void", voided!.Title);
        Assert.EndsWith("Nothing was changed; request it again to see the current plan.", voided.Sections[0].Text, StringComparison.Ordinal);
        Assert.Equal("Refused", expired!.Title);
        Assert.StartsWith($"Request {expiredId} expired at ", expired.Sections[0].Text, StringComparison.Ordinal);
    }
}
