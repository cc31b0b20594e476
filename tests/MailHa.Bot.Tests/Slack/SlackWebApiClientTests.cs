using MailHa.Bot.Channels.Slack;
using MailHa.Bot.Chat;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Tests.Slack;

public sealed class SlackWebApiClientTests : IAsyncLifetime
{
    private readonly SlackSecretFiles secrets = new();
    private readonly TimerSignallingTimeProvider time = new(DateTimeOffset.FromUnixTimeSeconds(1_770_000_000));
    private readonly HttpClient http = new();
    private SlackStandIn slack = null!;
    private SlackWebApiClient client = null!;

    public async ValueTask InitializeAsync()
    {
        slack = await SlackStandIn.StartAsync(TestTimeout.Token());
        var options = Options.Create(new SlackOptions
        {
            Enabled = true,
            BotToken = secrets.BotToken,
            AppToken = secrets.AppToken,
            ApiBaseUrl = slack.BaseUrl,
        });
        client = new SlackWebApiClient(http, options, time, NullLogger<SlackWebApiClient>.Instance);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await slack.DisposeAsync();
        secrets.Dispose();
    }

    private static ChatMessage Message => ChatMessage.Text("VIP moved", "now on jt-mail2");

    [Fact]
    public async Task PostMessageAsync_ReturnsPostedMessage_WhenSlackAnswersOk()
    {
        var ct = TestTimeout.Token();

        var result = await client.PostMessageAsync("C0123", Message, null, ct);
        var request = await slack.NextRequestAsync(ct);

        var posted = Assert.IsType<SlackMessagePosted>(result);
        Assert.Equal("C0123", posted.Channel);
        Assert.False(string.IsNullOrEmpty(posted.Ts));
        Assert.Equal("/api/chat.postMessage", request.Path);
        Assert.Equal("Bearer " + SlackSecretFiles.BotTokenValue, request.Authorization);
        Assert.Equal("C0123", request.Body!["channel"]!.GetValue<string>());
        Assert.Equal("VIP moved: now on jt-mail2", request.Body["text"]!.GetValue<string>());
        Assert.NotEmpty(request.Body["blocks"]!.AsArray());
    }

    [Fact]
    public async Task PostMessageAsync_ReturnsSlackErrorCode_WhenOkFalse()
    {
        var ct = TestTimeout.Token();
        slack.Enqueue("chat.postMessage", 200, """{"ok":false,"error":"channel_not_found"}""");

        var result = await client.PostMessageAsync("C0404", Message, null, ct);

        Assert.Equal(new SlackApiFailed("chat.postMessage", "channel_not_found"), result);
    }

    [Fact]
    public async Task PostMessageAsync_ReturnsHttpStatus_WhenServerFails()
    {
        var ct = TestTimeout.Token();
        slack.Enqueue("chat.postMessage", 503, "upstream down");

        var result = await client.PostMessageAsync("C0123", Message, null, ct);

        Assert.Equal(new SlackApiFailed("chat.postMessage", "http_503"), result);
    }

    [Fact]
    public async Task PostMessageAsync_WaitsRetryAfterThenSucceeds_WhenRateLimited()
    {
        var ct = TestTimeout.Token();
        slack.Enqueue("chat.postMessage", 429, """{"ok":false,"error":"ratelimited"}""", retryAfter: "7");

        var call = client.PostMessageAsync("C0123", Message, null, ct);
        var wait = await time.NextTimerAsync(ct);
        Assert.False(call.IsCompleted);
        time.Advance(wait);
        var result = await call;

        Assert.Equal(TimeSpan.FromSeconds(7), wait);
        Assert.IsType<SlackMessagePosted>(result);
        Assert.Equal("/api/chat.postMessage", (await slack.NextRequestAsync(ct)).Path);
        Assert.Equal("/api/chat.postMessage", (await slack.NextRequestAsync(ct)).Path);
    }

    [Fact]
    public async Task PostMessageAsync_GivesUpAfterMaxAttempts_WhenAlwaysRateLimited()
    {
        var ct = TestTimeout.Token();
        for (var i = 0; i < SlackWebApiClient.MaxAttempts + 1; i++)
        {
            slack.Enqueue("chat.postMessage", 429, """{"ok":false,"error":"ratelimited"}""", retryAfter: "1");
        }

        var call = client.PostMessageAsync("C0123", Message, null, ct);
        for (var i = 1; i < SlackWebApiClient.MaxAttempts; i++)
        {
            time.Advance(await time.NextTimerAsync(ct));
        }

        var result = await call;
        var requests = 0;
        while (slack.TryTakeRequest(out _))
        {
            requests++;
        }

        Assert.Equal(new SlackApiFailed("chat.postMessage", "ratelimited"), result);
        Assert.Equal(SlackWebApiClient.MaxAttempts, requests);
    }

    [Fact]
    public async Task PostMessageAsync_GivesUpAtOnce_WhenRetryAfterBeyondLimit()
    {
        var ct = TestTimeout.Token();
        slack.Enqueue("chat.postMessage", 429, "{}", retryAfter: "3600");

        var result = await client.PostMessageAsync("C0123", Message, null, ct);

        Assert.Equal(new SlackApiFailed("chat.postMessage", "ratelimited"), result);
    }

    [Fact]
    public async Task PostMessageAsync_StopsWaiting_WhenCancelled()
    {
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestTimeout.Token());
        slack.Enqueue("chat.postMessage", 429, "{}", retryAfter: "30");

        var call = client.PostMessageAsync("C0123", Message, null, cancel.Token);
        await time.NextTimerAsync(TestTimeout.Token());
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task UpdateMessageAsync_SendsChannelAndTs_WhenCalled()
    {
        var ct = TestTimeout.Token();

        var result = await client.UpdateMessageAsync("C0123", "1770000000.000100", Message, ct);
        var request = await slack.NextRequestAsync(ct);

        Assert.Equal(new SlackMessagePosted("chat.update", "C0123", "1770000000.000100"), result);
        Assert.Equal("/api/chat.update", request.Path);
        Assert.Equal("1770000000.000100", request.Body!["ts"]!.GetValue<string>());
        Assert.Equal("Bearer " + SlackSecretFiles.BotTokenValue, request.Authorization);
    }

    [Fact]
    public async Task RespondAsync_SendsReplaceOriginalWithoutToken_WhenReplacingCard()
    {
        var ct = TestTimeout.Token();

        var result = await client.RespondAsync(slack.HookUrl("9"), Message, SlackResponseType.InChannel, replaceOriginal: true, ct);
        var request = await slack.NextRequestAsync(ct);

        Assert.IsType<SlackResponseDelivered>(result);
        Assert.Equal("/hooks/9", request.Path);
        Assert.Null(request.Authorization);
        Assert.True(request.Body!["replace_original"]!.GetValue<bool>());
        Assert.Equal("in_channel", request.Body["response_type"]!.GetValue<string>());
    }

    [Fact]
    public async Task RespondAsync_ReturnsSlackError_WhenResponseUrlExpired()
    {
        var ct = TestTimeout.Token();
        slack.Enqueue("hooks", 404, """{"ok":false,"error":"expired_url"}""");

        var result = await client.RespondAsync(slack.HookUrl("9"), Message, SlackResponseType.Ephemeral, replaceOriginal: false, ct);

        Assert.Equal(new SlackApiFailed("response_url", "expired_url"), result);
    }

    [Fact]
    public async Task OpenConnectionAsync_UsesAppToken_WhenCalled()
    {
        var ct = TestTimeout.Token();

        var result = await client.OpenConnectionAsync(ct);
        var request = await slack.NextRequestAsync(ct);

        Assert.Equal("ws", Assert.IsType<SlackConnectionOpened>(result).Url.Scheme);
        Assert.Equal("Bearer " + SlackSecretFiles.AppTokenValue, request.Authorization);
    }

    [Fact]
    public async Task ConversationPostAsync_ReturnsSlackPostedMessage_WhenOk()
    {
        var ct = TestTimeout.Token();
        var conversation = new SlackConversation(client, "C0123");

        var posted = await conversation.PostAsync(Message, ct);

        Assert.Equal(ChatPlatform.Slack, posted.Platform);
        Assert.Equal("C0123", posted.ConversationId);
        Assert.False(string.IsNullOrEmpty(posted.MessageId));
    }

    [Fact]
    public async Task ConversationReplyAsync_PostsInTheMessagesThread_WithItsTsAsThreadTs()
    {
        var ct = TestTimeout.Token();
        var conversation = new SlackConversation(client, "C0123");
        var card = await conversation.PostAsync(Message, ct);
        await slack.NextRequestAsync(ct);

        var reply = await conversation.ReplyAsync(card, ChatMessage.Text("Incident timeline", "first failed probe"), ct);
        var request = await slack.NextRequestAsync(ct);

        Assert.Equal("/api/chat.postMessage", request.Path);
        Assert.Equal("Bearer " + SlackSecretFiles.BotTokenValue, request.Authorization);
        Assert.Equal(("C0123", card.MessageId), (request.Body!["channel"]!.GetValue<string>(), request.Body["thread_ts"]!.GetValue<string>()));
        Assert.Equal("Incident timeline: first failed probe", request.Body["text"]!.GetValue<string>());
        Assert.Equal((ChatPlatform.Slack, "C0123"), (reply.Platform, reply.ConversationId));
        Assert.NotEqual(card.MessageId, reply.MessageId);
    }

    [Fact]
    public async Task ConversationReplyAsync_ThrowsWithErrorCode_WhenOkFalse()
    {
        var ct = TestTimeout.Token();
        slack.Enqueue("chat.postMessage", 200, """{"ok":false,"error":"thread_not_found"}""");
        var conversation = new SlackConversation(client, "C0123");

        var error = await Assert.ThrowsAsync<SlackApiException>(() =>
            conversation.ReplyAsync(new PostedMessage(ChatPlatform.Slack, "C0123", "1.2"), Message, ct));

        Assert.Equal("thread_not_found", error.Error);
    }

    [Fact]
    public async Task ConversationUpdateAsync_ThrowsWithErrorCodeNotToken_WhenOkFalse()
    {
        var ct = TestTimeout.Token();
        slack.Enqueue("chat.update", 200, """{"ok":false,"error":"cant_update_message"}""");
        var conversation = new SlackConversation(client, "C0123");

        var error = await Assert.ThrowsAsync<SlackApiException>(() =>
            conversation.UpdateAsync(new PostedMessage(ChatPlatform.Slack, "C0123", "1.2"), Message, ct));

        Assert.Equal("cant_update_message", error.Error);
        Assert.DoesNotContain(SlackSecretFiles.BotTokenValue, error.ToString(), StringComparison.Ordinal);
    }
}
