using System.Net;
using System.Text.Json.Nodes;
using MailHa.Bot.Channels;
using MailHa.Bot.Channels.Slack;
using MailHa.Bot.Chat;
using Microsoft.Extensions.Time.Testing;

namespace MailHa.Bot.Tests.Slack;

public sealed class SlackCommandEndpointTests : IAsyncLifetime
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

    private string CommandBody(string triggerId = "13345224609.738474920.8088930838d88f008e0") => SlackSigner.Form(
        ("token", "deprecated"),
        ("team_id", "T0001"),
        ("team_domain", "ops"),
        ("channel_id", "C2147483705"),
        ("channel_name", "mail-ops"),
        ("user_id", "U2147483697"),
        ("user_name", "alice"),
        ("command", "/mail"),
        ("text", "failover --dry-run"),
        ("api_app_id", "A123456"),
        ("response_url", slack.HookUrl("1").AbsoluteUri),
        ("trigger_id", triggerId));

    [Fact]
    public async Task Commands_DispatchesOnceWithCommandEvent_WhenSignatureValid()
    {
        var ct = TestTimeout.Token();
        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", CommandBody(), bot.Now), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ack = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal("ephemeral", ack["response_type"]!.GetValue<string>());

        var call = await bot.Router.NextCallAsync(ct);
        var expected = new ChatCommandEvent(
            new ChatUser(ChatPlatform.Slack, "T0001", "U2147483697", "alice"),
            "13345224609.738474920.8088930838d88f008e0",
            "failover --dry-run");
        Assert.Equal(expected, call.Event);
        Assert.Equal("C2147483705", Assert.IsType<SlackConversation>(call.Conversation).ChannelId);
        Assert.Equal(1, bot.Router.CallCount);
    }

    [Fact]
    public async Task Commands_Returns401AndDispatchesNothing_WhenSignatureBad()
    {
        var ct = TestTimeout.Token();
        var body = CommandBody();
        var forged = SlackSigner.Sign("not-the-signing-secret", bot.Now, body);

        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", body, bot.Now, forged), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, bot.Router.CallCount);
    }

    [Fact]
    public async Task Commands_Returns401_WhenBodyAlteredAfterSigning()
    {
        var ct = TestTimeout.Token();
        var signature = SlackSigner.Sign(SlackSecretFiles.SigningSecretValue, bot.Now, CommandBody());
        var altered = CommandBody().Replace("failover+--dry-run", "failover", StringComparison.Ordinal);

        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", altered, bot.Now, signature), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, bot.Router.CallCount);
    }

    [Fact]
    public async Task Commands_Returns401_WhenSignatureHeadersMissing()
    {
        var ct = TestTimeout.Token();
        using var request = SlackSigner.Request("/slack/commands", CommandBody(), bot.Now);
        request.Headers.Remove("X-Slack-Signature");

        using var response = await bot.Client.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, bot.Router.CallCount);
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task Commands_Returns401_WhenTimestampOutsideWindow(int offsetSeconds)
    {
        var ct = TestTimeout.Token();
        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", CommandBody(), bot.Now + offsetSeconds), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, bot.Router.CallCount);
    }

    [Fact]
    public async Task Commands_Returns401_WhenSignedRequestArrivesAfterWindow()
    {
        var ct = TestTimeout.Token();
        var signedAt = bot.Now;
        time.Advance(TimeSpan.FromSeconds(301));

        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", CommandBody(), signedAt), ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, bot.Router.CallCount);
    }

    [Fact]
    public async Task Commands_Accepts_WhenTimestampAtWindowEdge()
    {
        var ct = TestTimeout.Token();
        var signedAt = bot.Now;
        time.Advance(TimeSpan.FromSeconds(300));

        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", CommandBody(), signedAt), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await bot.Router.NextCallAsync(ct);
    }

    [Fact]
    public async Task Commands_Returns401AndDispatchesOnce_WhenRequestReplayed()
    {
        var ct = TestTimeout.Token();
        var body = CommandBody();
        var signedAt = bot.Now;
        using var first = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", body, signedAt), ct);
        await bot.Router.NextCallAsync(ct);
        time.Advance(TimeSpan.FromSeconds(30));

        using var replay = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", body, signedAt), ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, replay.StatusCode);
        Assert.Equal(1, bot.Router.CallCount);
    }

    [Fact]
    public async Task Commands_AcksWithoutDispatch_WhenSlackRetriesAcknowledgedRequest()
    {
        var ct = TestTimeout.Token();
        var body = CommandBody();
        var signedAt = bot.Now;
        using var first = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", body, signedAt), ct);
        await bot.Router.NextCallAsync(ct);

        using var retry = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", body, signedAt, retryNum: "1"), ct);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, bot.Router.CallCount);
    }

    [Fact]
    public async Task Commands_AcksWithoutDispatch_WhenSlackResignsRetryLater()
    {
        var ct = TestTimeout.Token();
        var body = CommandBody();
        using var first = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", body, bot.Now), ct);
        await bot.Router.NextCallAsync(ct);
        time.Advance(TimeSpan.FromMinutes(1));

        using var retry = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", body, bot.Now, retryNum: "2"), ct);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(1, bot.Router.CallCount);
    }

    [Fact]
    public async Task Commands_DispatchesBoth_WhenTwoDistinctCommandsArrive()
    {
        var ct = TestTimeout.Token();
        using var first = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", CommandBody("t-1"), bot.Now), ct);
        using var second = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", CommandBody("t-2"), bot.Now), ct);

        var ids = new[] { (await bot.Router.NextCallAsync(ct)).Event.DeliveryId, (await bot.Router.NextCallAsync(ct)).Event.DeliveryId };

        Assert.Equal(["t-1", "t-2"], ids.Order());
    }

    [Fact]
    public async Task Commands_Returns200WithoutDispatch_WhenSslCheck()
    {
        var ct = TestTimeout.Token();
        var body = SlackSigner.Form(("ssl_check", "1"), ("token", "x"));

        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", body, bot.Now), ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, bot.Router.CallCount);
    }

    [Fact]
    public async Task Commands_PostsAnswerInChannelToResponseUrlWithoutToken_WhenRouterAnswers()
    {
        var ct = TestTimeout.Token();
        bot.Router.Answer = _ => ChatMessage.Text("Status", "jt-mail1 primary <ok>");

        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", CommandBody(), bot.Now), ct);
        var hook = await slack.NextRequestAsync(ct);

        Assert.Equal("/hooks/1", hook.Path);
        Assert.Null(hook.Authorization);
        Assert.Equal("in_channel", hook.Body!["response_type"]!.GetValue<string>());
        Assert.False(hook.Body["replace_original"]!.GetValue<bool>());
        Assert.Equal("Status: jt-mail1 primary &lt;ok&gt;", hook.Body["text"]!.GetValue<string>());
        Assert.Equal("header", hook.Body["blocks"]![0]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Commands_TellsUserEphemerally_WhenRouterThrows()
    {
        var ct = TestTimeout.Token();
        bot.Router.Answer = _ => throw new InvalidOperationException("boom");

        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", CommandBody(), bot.Now), ct);
        var hook = await slack.NextRequestAsync(ct);

        Assert.Equal("ephemeral", hook.Body!["response_type"]!.GetValue<string>());
        Assert.DoesNotContain("boom", hook.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_FallsBackToPostMessage_WhenResponseUrlRefuses()
    {
        var ct = TestTimeout.Token();
        slack.Enqueue("hooks", 404, """{"ok":false,"error":"expired_url"}""");
        bot.Router.Answer = _ => ChatMessage.Text("Status", "fine");

        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", CommandBody(), bot.Now), ct);
        var hook = await slack.NextRequestAsync(ct);
        var post = await slack.NextRequestAsync(ct);

        Assert.Equal("/hooks/1", hook.Path);
        Assert.Equal("/api/chat.postMessage", post.Path);
        Assert.Equal("C2147483705", post.Body!["channel"]!.GetValue<string>());
        Assert.Equal("Bearer " + SlackSecretFiles.BotTokenValue, post.Authorization);
    }

    [Fact]
    public async Task Logs_HoldNoResponseUrlTokenOrSecret_AfterAFullRun()
    {
        var ct = TestTimeout.Token();
        slack.Enqueue("hooks", 404, """{"ok":false,"error":"expired_url"}""");
        bot.Router.Answer = _ => ChatMessage.Text("Status", "fine");

        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", CommandBody(), bot.Now), ct);
        await slack.NextRequestAsync(ct);
        await slack.NextRequestAsync(ct);
        await bot.DisposeAsync();

        var log = string.Join('\n', bot.Logs.Entries.Select(e => e.Message));
        Assert.NotEmpty(bot.Logs.Entries);
        Assert.DoesNotContain("/hooks/", log, StringComparison.Ordinal);
        Assert.DoesNotContain(slack.HookUrl("1").Host + ":" + slack.HookUrl("1").Port, log, StringComparison.Ordinal);
        Assert.DoesNotContain(SlackSecretFiles.BotTokenValue, log, StringComparison.Ordinal);
        Assert.DoesNotContain(SlackSecretFiles.SigningSecretValue, log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_AnswersInTheHttpResponseItself_WhenTheAnswerNeedsNoNode()
    {
        var ct = TestTimeout.Token();
        bot.Router.Work = _ => ChatWork.AtOnce;
        bot.Router.Answer = _ => ChatMessage.Text("MailHa commands", "/mail status");

        using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", CommandBody(), bot.Now), ct);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        Assert.Equal("in_channel", body["response_type"]!.GetValue<string>());
        Assert.Equal("MailHa commands", body["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
        Assert.Equal(1, bot.Router.CallCount);
    }

    [Theory]
    [InlineData(ChatWork.AtOnce)]
    [InlineData(ChatWork.Reads)]
    public async Task Commands_NeverAnswersBusy_WhenReadOnlyCommandsBurstPastTheQueue(ChatWork work)
    {
        var ct = TestTimeout.Token();
        var release = new TaskCompletionSource();
        bot.Router.Work = _ => work;
        bot.Router.Hold = work == ChatWork.Reads ? release.Task : null;
        bot.Router.Answer = _ => ChatMessage.Text("answer");
        var requests = ChatDispatcher.QueueCapacity + ChatDispatcher.Workers + 40;

        var answers = await Task.WhenAll(Enumerable.Range(0, requests).Select(async i =>
        {
            using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", CommandBody($"trigger-{i}"), bot.Now), ct);
            return await response.Content.ReadAsStringAsync(ct);
        }));
        release.SetResult();

        Assert.DoesNotContain(answers, a => a.Contains("busy", StringComparison.Ordinal));
        for (var i = 0; i < requests; i++)
        {
            await bot.Router.NextCallAsync(ct);
        }
    }

    [Fact]
    public async Task Commands_AnswersBusy_WhenOperationsBurstPastTheQueue()
    {
        var ct = TestTimeout.Token();
        var release = new TaskCompletionSource();
        bot.Router.Hold = release.Task;
        var requests = ChatDispatcher.QueueCapacity + ChatDispatcher.Workers + 10;

        var answers = await Task.WhenAll(Enumerable.Range(0, requests).Select(async i =>
        {
            using var response = await bot.Client.SendAsync(SlackSigner.Request("/slack/commands", CommandBody($"trigger-{i}"), bot.Now), ct);
            return await response.Content.ReadAsStringAsync(ct);
        }));
        release.SetResult();

        Assert.Contains(answers, a => a.Contains("busy", StringComparison.Ordinal));
    }
}
