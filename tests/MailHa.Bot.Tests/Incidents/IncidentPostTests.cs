using System.Text.Json.Nodes;
using MailHa.Bot.Alerts;
using MailHa.Bot.Approvals;
using MailHa.Bot.Channels.Slack;
using MailHa.Bot.Channels.Teams;
using MailHa.Bot.Chat;
using MailHa.Bot.Incidents;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Bot.Tests.Approvals;
using MailHa.Bot.UseCases;
using MailHa.Operations.Failover;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Incidents;

/// <summary>
/// Where the incident timeline goes when an operation ends, through the real Slack and Teams channels to their local
/// stand-ins: a thread reply (<c>chat.postMessage</c> with <c>thread_ts</c>; a reply activity with <c>replyToId</c>)
/// under the request's approval cards, or under the outage's proposal cards when the failover follows one; a console
/// entry in any case; every alert channel only when no card is known. The timeline posted is the one
/// <see cref="IncidentRecords"/> builds.
/// </summary>
public sealed class IncidentPostTests : IAsyncLifetime
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private ChatPlatforms _chat = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private BotHarness Bot => _chat.Bot;

    private ApprovalService Approvals => Bot.Services.GetRequiredService<ApprovalService>();

    public async ValueTask InitializeAsync() => _chat = await ChatPlatforms.StartAsync(Token);

    public async ValueTask DisposeAsync() => await _chat.DisposeAsync();

    [Fact]
    public async Task Timeline_IsAThreadReplyUnderEveryApprovalCard_WhenTheOperationWasRequestedInChat()
    {
        await Bot.SayAsync(BotHarness.Slack("alice"), "switchover", _chat.SlackChannel("C0OPS"));
        var id = Assert.Single(await Approvals.PendingAsync(Token)).Id;
        await Bot.ClickAsync(BotHarness.Teams("bob"), new CardAction.Approve(id), Bot.Conversation("teams:c"));
        var request = await EndedAsync(id);
        var timeline = await TimelineAsync();

        var slack = _chat.SlackCalls();
        var slackCards = request.Cards.Where(c => c.Message.Platform == ChatPlatform.Slack).Select(c => c.Message).ToList();
        Assert.Equal(["C0OPS", ChatPlatforms.SlackAlerts], slackCards.Select(c => c.ConversationId));
        Assert.Equal(
            slackCards.Select(c => (c.ConversationId, (string?)c.MessageId)),
            slack.Where(c => IsSlackTimeline(c, timeline)).Select(c => (Channel(c), ThreadTs(c))));

        var teamsCard = Assert.Single(request.Cards, c => c.Message.Platform == ChatPlatform.Teams).Message;
        AssertTeamsReply(Assert.Single(_chat.TeamsCalls(), c => IsTeamsTimeline(c, timeline)), teamsCard);

        var console = Assert.Single(request.Cards, c => c.Conversation.Key == Bot.AlertChannel.Key).Message;
        Assert.Equal([(console, timeline.Title)], Bot.AlertChannel.Replies.Select(r => (r.To, r.Content.Title)));
        Assert.DoesNotContain(Bot.AlertChannel.Posts, p => p.Content.Title == timeline.Title);
    }

    [Fact]
    public async Task Timeline_IsAThreadReplyUnderTheProposalCards_WhenTheFailoverFollowsAnOutage()
    {
        Bot.Nodes.Cut.Add("mail1");
        var watch = Bot.Services.GetRequiredService<ActiveNodeWatch>();
        for (var i = 0; i < 6; i++)
        {
            Bot.Time.Advance(Interval);
            await watch.CheckAsync(Token);
        }

        var (_, proposal) = Assert.NotNull(await Bot.Services.GetRequiredService<AlertCards<FailoverProposal.Outage>>().LoadAsync(FailoverProposal.Problem, Token));
        await Bot.ClickAsync(BotHarness.Slack("bob"), FailoverProposal.RequestButton.Action, _chat.SlackChannel(ChatPlatforms.SlackAlerts));
        var id = Assert.Single(await Approvals.PendingAsync(Token)).Id;
        await Bot.ClickAsync(BotHarness.Teams("alice"), new CardAction.Approve(id), Bot.Conversation("teams:c"));
        var request = await EndedAsync(id);
        var timeline = await TimelineAsync();

        Assert.Equal(OperationKind.Failover, (await Bot.Services.GetRequiredService<OperationJournal>().LatestAsync(Token))!.Kind);
        var slackProposal = Assert.Single(proposal, c => c.Message.Platform == ChatPlatform.Slack).Message;
        var slackTimeline = Assert.Single(_chat.SlackCalls(), c => IsSlackTimeline(c, timeline));
        Assert.Equal((ChatPlatforms.SlackAlerts, slackProposal.MessageId), (Channel(slackTimeline), ThreadTs(slackTimeline)));
        Assert.DoesNotContain(request.Cards, c => c.Message.MessageId == slackProposal.MessageId);

        var teamsProposal = Assert.Single(proposal, c => c.Message.Platform == ChatPlatform.Teams).Message;
        AssertTeamsReply(Assert.Single(_chat.TeamsCalls(), c => IsTeamsTimeline(c, timeline)), teamsProposal);

        var console = Assert.Single(proposal, c => c.Conversation.Key == Bot.AlertChannel.Key).Message;
        Assert.Equal([(console, timeline.Title)], Bot.AlertChannel.Replies.Select(r => (r.To, r.Content.Title)));
    }

    [Fact]
    public async Task Timeline_IsAConsoleEntryToo_WhenTheCardsKnownAreElsewhere()
    {
        var ops = _chat.SlackChannel("C0OPS");
        await Bot.SayAsync(BotHarness.Slack("alice"), "switchover", ops);
        var pending = Assert.Single(await Approvals.PendingAsync(Token));
        var opsCard = Assert.Single(pending.Cards, c => c.Conversation.Key == ops.Key).Message;
        // Its cards as known before the console was an alert channel: the requesting Slack channel's only.
        await Bot.Services.GetRequiredService<ConversationThreads>().SaveAsync(new RequestThread(pending.Id), [new ThreadRoot(ops, opsCard)], Token);
        await Bot.ClickAsync(BotHarness.Teams("bob"), new CardAction.Approve(pending.Id), Bot.Conversation("teams:c"));
        await EndedAsync(pending.Id);
        var timeline = await TimelineAsync();

        var slackTimeline = Assert.Single(_chat.SlackCalls(), c => IsSlackTimeline(c, timeline));
        Assert.Equal(("C0OPS", (string?)opsCard.MessageId), (Channel(slackTimeline), ThreadTs(slackTimeline)));
        Assert.DoesNotContain(_chat.TeamsCalls(), c => IsTeamsTimeline(c, timeline));
        Assert.Single(Bot.AlertChannel.Posts, p => p.Content.Title == timeline.Title);
        Assert.Empty(Bot.AlertChannel.Replies);
    }

    [Fact]
    public async Task Timeline_GoesToEveryAlertChannel_WhenNoCardOfTheOperationIsKnown()
    {
        // The break-glass command line: confirmed by typing, no approval card anywhere.
        var reply = await Bot.Services.GetRequiredService<ChatPipeline>().SubmitAsync(
            Caller.CommandLine("root"),
            Bot.Services.GetRequiredService<SwitchoverUseCase>(),
            new VipOperationRequest(OperationKind.Switchover, FailoverOverrides.None),
            Bot.Conversation("cli"),
            preview => Task.FromResult(preview.ConfirmWord),
            Token);
        var timeline = await TimelineAsync();

        Assert.Equal(ReplyOutcome.Done, reply.Outcome);
        var slackTimeline = Assert.Single(_chat.SlackCalls(), c => IsSlackTimeline(c, timeline));
        Assert.Equal((ChatPlatforms.SlackAlerts, (string?)null), (Channel(slackTimeline), ThreadTs(slackTimeline)));
        var teamsTimeline = Assert.Single(_chat.TeamsCalls(), c => IsTeamsTimeline(c, timeline));
        Assert.Equal(("POST", LocalBotFrameworkIssuer.ServicePath + "v3/conversations"), (teamsTimeline.Method, teamsTimeline.RawTarget));
        Assert.Equal(ChatPlatforms.TeamsAlerts, teamsTimeline.Body!["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Single(Bot.AlertChannel.Posts, p => p.Content.Title == timeline.Title);
        Assert.Empty(Bot.AlertChannel.Replies);
    }

    /// <summary>The request once its run has ended (the timeline is posted before the run's end is recorded).</summary>
    private async Task<PendingApproval> EndedAsync(string id)
    {
        PendingApproval? request = null;
        Assert.True(await Eventually.TrueAsync(
            async () => (request = await Approvals.FindAsync(id, Token))?.State is ApprovalState.Succeeded or ApprovalState.Failed,
            TimeSpan.FromSeconds(30),
            Token));
        Assert.Equal(ApprovalState.Succeeded, request!.State);
        return request;
    }

    /// <summary>The latest operation's timeline as chat shows it.</summary>
    private async Task<ChatMessage> TimelineAsync()
    {
        var operation = await Bot.Services.GetRequiredService<OperationJournal>().LatestAsync(Token);
        Assert.NotNull(operation);
        return IncidentText.Chat(Assert.IsType<IncidentTimeline>(await Bot.Services.GetRequiredService<IncidentRecords>().FindAsync(operation.Id, Token)));
    }

    private static bool IsSlackTimeline(StandInRequest call, ChatMessage timeline) =>
        call.Path == "/api/chat.postMessage" && JsonNode.DeepEquals(call.Body!["blocks"], BlockKitRenderer.Render(timeline));

    private static string Channel(StandInRequest call) => call.Body!["channel"]!.GetValue<string>();

    private static string? ThreadTs(StandInRequest call) => call.Body!["thread_ts"]?.GetValue<string>();

    /// <summary>A connector call carrying the timeline's card (as a reply activity, or a new thread's activity).</summary>
    private static bool IsTeamsTimeline(ConnectorRequest call, ChatMessage timeline) =>
        call.Method == "POST"
        && (call.Body?["attachments"] ?? call.Body?["activity"]?["attachments"]) is { } attachments
        && JsonNode.DeepEquals(attachments[0]!["content"], AdaptiveCardRenderer.Activity(timeline)["attachments"]![0]!["content"]);

    private static void AssertTeamsReply(ConnectorRequest reply, PostedMessage card)
    {
        Assert.Equal(
            $"{LocalBotFrameworkIssuer.ServicePath}v3/conversations/{Uri.EscapeDataString(card.ConversationId)}/activities/{card.MessageId}",
            reply.RawTarget);
        Assert.Equal(("message", card.MessageId), (reply.Body!["type"]!.GetValue<string>(), reply.Body["replyToId"]!.GetValue<string>()));
    }
}
