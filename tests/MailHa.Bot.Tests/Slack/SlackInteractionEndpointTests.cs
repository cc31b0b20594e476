using System.Net;
using System.Text.Json.Nodes;
using MailHa.Bot.Channels.Slack;
using MailHa.Bot.Chat;
using Microsoft.Extensions.Time.Testing;

namespace MailHa.Bot.Tests.Slack;

public sealed class SlackInteractionEndpointTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.FromUnixTimeSeconds(1_770_000_000));
    private SlackStandIn slack = null!;
    private SlackBotHost bot = null!;

    public async ValueTask InitializeAsync()
    {
        slack = await SlackStandIn.StartAsync(TestTimeout.Token());
        bot = await SlackBotHost.StartAsync(slack, SlackMode.Http, time, TestTimeout.Token());
    }

    public async ValueTask DisposeAsync()
    {
        await bot.DisposeAsync();
        await slack.DisposeAsync();
    }

    /// <summary>A click on the approve button of request r-1 as rendered now, or on <paramref name="button"/> (its action_id and value).</summary>
    private string Payload(string type = "block_actions", bool ephemeral = false, (string ActionId, string Value)? button = null) => new JsonObject
    {
        ["type"] = type,
        ["user"] = new JsonObject { ["id"] = "U2147483697", ["username"] = "bob", ["team_id"] = "T0001" },
        ["api_app_id"] = "A123456",
        ["team"] = new JsonObject { ["id"] = "T0001", ["domain"] = "ops" },
        ["container"] = new JsonObject { ["type"] = "message", ["message_ts"] = "1770000000.000100", ["channel_id"] = "C2147483705", ["is_ephemeral"] = ephemeral },
        ["trigger_id"] = "123.456.789",
        ["channel"] = new JsonObject { ["id"] = "C2147483705", ["name"] = "mail-ops" },
        ["message"] = new JsonObject { ["type"] = "message", ["ts"] = "1770000000.000100", ["text"] = "Fail over?" },
        ["response_url"] = slack.HookUrl("2").AbsoluteUri,
        ["actions"] = new JsonArray(new JsonObject
        {
            ["action_id"] = button?.ActionId ?? "approve",
            ["block_id"] = "mailha:r-1",
            ["value"] = button?.Value ?? new CardAction.Approve("r-1").Encode(),
            ["type"] = "button",
            ["action_ts"] = "1770000001.123456",
        }),
    }.ToJsonString();

    [Fact]
    public async Task Interactions_DispatchesActionEventWithCard_WhenButtonClicked()
    {
        var ct = TestTimeout.Token();
        var body = SlackSigner.Form(("payload", Payload()));

        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/interactions", body, bot.Now), ct);
        var call = await bot.Router.NextCallAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var expected = new ChatActionEvent(
            new ChatUser(ChatPlatform.Slack, "T0001", "U2147483697", "bob"),
            "U2147483697:1770000001.123456",
            new CardAction.Approve("r-1"),
            new PostedMessage(ChatPlatform.Slack, "C2147483705", "1770000000.000100"));
        Assert.Equal(expected, call.Event);
        Assert.Equal("C2147483705", Assert.IsType<SlackConversation>(call.Conversation).ChannelId);
    }

    [Theory]
    [InlineData("approve", "r-1a2b3c")]
    [InlineData("reject", "r-1a2b3c")]
    [InlineData("failover", "--primary-down")]
    [InlineData("resume", "switchover-20261126-004800-1a2b")]
    public async Task Interactions_DispatchesTheTypedAction_WhenTheButtonWasPostedBeforeActionsWereValues(string actionId, string value)
    {
        var ct = TestTimeout.Token();
        var body = SlackSigner.Form(("payload", Payload(button: (actionId, value))));

        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/interactions", body, bot.Now), ct);
        var call = await bot.Router.NextCallAsync(ct);

        CardAction expected = actionId switch
        {
            "approve" => new CardAction.Approve(value),
            "reject" => new CardAction.Reject(value),
            "failover" => new CardAction.RequestFailover(PrimaryDown: true),
            _ => new CardAction.ResumeOperation(value),
        };
        Assert.Equal(expected, Assert.IsType<ChatActionEvent>(call.Event).Action);
    }

    [Fact]
    public async Task Interactions_AcksWithoutDispatch_WhenTheButtonIsNotMailHas()
    {
        var ct = TestTimeout.Token();
        var body = SlackSigner.Form(("payload", Payload(button: ("status", "now"))));

        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/interactions", body, bot.Now), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, bot.Router.CallCount);
    }

    [Fact]
    public async Task Interactions_OffersNoCard_WhenClickedMessageIsEphemeral()
    {
        var ct = TestTimeout.Token();
        var body = SlackSigner.Form(("payload", Payload(ephemeral: true)));

        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/interactions", body, bot.Now), ct);
        var call = await bot.Router.NextCallAsync(ct);

        Assert.Null(Assert.IsType<ChatActionEvent>(call.Event).Card);
    }

    [Fact]
    public async Task Interactions_AnswersClickerEphemerally_WhenRouterAnswers()
    {
        var ct = TestTimeout.Token();
        bot.Router.Answer = _ => ChatMessage.Text("Approved", "Failover starts.");
        var body = SlackSigner.Form(("payload", Payload()));

        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/interactions", body, bot.Now), ct);
        var hook = await slack.NextRequestAsync(ct);

        Assert.Equal("/hooks/2", hook.Path);
        Assert.Equal("ephemeral", hook.Body!["response_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Interactions_Returns401AndDispatchesNothing_WhenSignatureBad()
    {
        var ct = TestTimeout.Token();
        var body = SlackSigner.Form(("payload", Payload()));

        using var response = await bot.Client.SendAsync(
            SlackSigner.Request("/slack/interactions", body, bot.Now, "v0=" + new string('0', 64)), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, bot.Router.CallCount);
    }

    [Fact]
    public async Task Interactions_AcksWithoutDispatch_WhenPayloadIsNotBlockActions()
    {
        var ct = TestTimeout.Token();
        var body = SlackSigner.Form(("payload", Payload(type: "view_submission")));

        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/interactions", body, bot.Now), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, bot.Router.CallCount);
    }

    [Fact]
    public async Task Interactions_Returns400_WhenPayloadIsNotJson()
    {
        var ct = TestTimeout.Token();
        var body = SlackSigner.Form(("payload", "{not json"));

        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/interactions", body, bot.Now), ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, bot.Router.CallCount);
    }
}
