using System.Text.Json.Nodes;
using MailHa.Bot.Channels.Slack;
using MailHa.Bot.Chat;

namespace MailHa.Bot.Tests.Slack;

public sealed class SlackSocketModeTests
{
    private static JsonObject Hello() => new() { ["type"] = "hello", ["num_connections"] = 1 };

    private static JsonObject SlashCommandEnvelope(string envelopeId) => new()
    {
        ["envelope_id"] = envelopeId,
        ["type"] = "slash_commands",
        ["accepts_response_payload"] = true,
        ["payload"] = new JsonObject
        {
            ["team_id"] = "T0001",
            ["channel_id"] = "C2147483705",
            ["user_id"] = "U2147483697",
            ["user_name"] = "alice",
            ["command"] = "/mail",
            ["text"] = "status",
            ["response_url"] = "https://hooks.slack.invalid/commands/1",
            ["trigger_id"] = "trigger-1",
        },
    };

    [Fact]
    public async Task SocketMode_AcksEnvelopeAndDispatches_WhenSlashCommandArrives()
    {
        var ct = TestTimeout.Token();
        await using var slack = await SlackStandIn.StartAsync(ct);
        var ack = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        slack.SocketScript = async (socket, _, token) =>
        {
            await SlackStandIn.SendAsync(socket, Hello(), token);
            await SlackStandIn.SendAsync(socket, SlashCommandEnvelope("env-1"), token);
            ack.TrySetResult(await SlackStandIn.ReceiveAsync(socket, token));
            await SlackStandIn.DrainAsync(socket, token);
        };
        await using var bot = await SlackBotHost.StartAsync(slack, SlackMode.SocketMode, new TimerSignallingTimeProvider(DateTimeOffset.UnixEpoch), ct);

        var acked = await ack.Task.WaitAsync(ct);
        var call = await bot.Router.NextCallAsync(ct);
        var open = await slack.NextRequestAsync(ct);

        Assert.Equal("env-1", acked!["envelope_id"]!.GetValue<string>());
        Assert.Equal(
            new ChatCommandEvent(new ChatUser(ChatPlatform.Slack, "T0001", "U2147483697", "alice"), "trigger-1", "status"),
            call.Event);
        Assert.Equal("/api/apps.connections.open", open.Path);
        Assert.Equal("Bearer " + SlackSecretFiles.AppTokenValue, open.Authorization);
    }

    [Fact]
    public async Task SocketMode_AnswersInTheAcknowledgement_WhenTheAnswerNeedsNoNode()
    {
        var ct = TestTimeout.Token();
        await using var slack = await SlackStandIn.StartAsync(ct);
        var ack = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var configured = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        slack.SocketScript = async (socket, _, token) =>
        {
            await SlackStandIn.SendAsync(socket, Hello(), token);
            await configured.Task.WaitAsync(token);
            await SlackStandIn.SendAsync(socket, SlashCommandEnvelope("env-3"), token);
            ack.TrySetResult(await SlackStandIn.ReceiveAsync(socket, token));
            await SlackStandIn.DrainAsync(socket, token);
        };
        await using var bot = await SlackBotHost.StartAsync(slack, SlackMode.SocketMode, new TimerSignallingTimeProvider(DateTimeOffset.UnixEpoch), ct);
        bot.Router.Work = _ => ChatWork.AtOnce;
        bot.Router.Answer = _ => ChatMessage.Text("MailHa commands", "/mail status");
        configured.SetResult();

        var acked = await ack.Task.WaitAsync(ct);

        Assert.Equal("env-3", acked!["envelope_id"]!.GetValue<string>());
        Assert.Equal("MailHa commands", acked["payload"]!["blocks"]![0]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task SocketMode_DispatchesActionEvent_WhenInteractiveEnvelopeArrives()
    {
        var ct = TestTimeout.Token();
        await using var slack = await SlackStandIn.StartAsync(ct);
        var ack = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        slack.SocketScript = async (socket, _, token) =>
        {
            await SlackStandIn.SendAsync(socket, Hello(), token);
            await SlackStandIn.SendAsync(socket, new JsonObject
            {
                ["envelope_id"] = "env-2",
                ["type"] = "interactive",
                ["payload"] = new JsonObject
                {
                    ["type"] = "block_actions",
                    ["user"] = new JsonObject { ["id"] = "U2", ["team_id"] = "T0001" },
                    ["team"] = new JsonObject { ["id"] = "T0001" },
                    ["channel"] = new JsonObject { ["id"] = "C1" },
                    ["message"] = new JsonObject { ["ts"] = "1770000000.000200" },
                    ["actions"] = new JsonArray(new JsonObject { ["action_id"] = "reject", ["value"] = new CardAction.Reject("r-7").Encode(), ["action_ts"] = "1770000002.5" }),
                },
            }, token);
            ack.TrySetResult(await SlackStandIn.ReceiveAsync(socket, token));
            await SlackStandIn.DrainAsync(socket, token);
        };
        await using var bot = await SlackBotHost.StartAsync(slack, SlackMode.SocketMode, new TimerSignallingTimeProvider(DateTimeOffset.UnixEpoch), ct);

        var acked = await ack.Task.WaitAsync(ct);
        var call = await bot.Router.NextCallAsync(ct);

        Assert.Equal("env-2", acked!["envelope_id"]!.GetValue<string>());
        var action = Assert.IsType<ChatActionEvent>(call.Event);
        Assert.Equal(new CardAction.Reject("r-7"), action.Action);
        Assert.Equal(new PostedMessage(ChatPlatform.Slack, "C1", "1770000000.000200"), action.Card);
    }

    [Fact]
    public async Task SocketMode_Reconnects_WhenSlackSendsDisconnect()
    {
        var ct = TestTimeout.Token();
        await using var slack = await SlackStandIn.StartAsync(ct);
        var secondConnection = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        slack.SocketScript = async (socket, number, token) =>
        {
            await SlackStandIn.SendAsync(socket, Hello(), token);
            if (number == 1)
            {
                await SlackStandIn.SendAsync(socket, new JsonObject { ["type"] = "disconnect", ["reason"] = "refresh_requested" }, token);
            }
            else
            {
                secondConnection.TrySetResult();
            }

            await SlackStandIn.DrainAsync(socket, token);
        };
        await using var bot = await SlackBotHost.StartAsync(slack, SlackMode.SocketMode, new TimerSignallingTimeProvider(DateTimeOffset.UnixEpoch), ct);

        await secondConnection.Task.WaitAsync(ct);

        Assert.Equal("/api/apps.connections.open", (await slack.NextRequestAsync(ct)).Path);
        Assert.Equal("/api/apps.connections.open", (await slack.NextRequestAsync(ct)).Path);
    }

    [Fact]
    public async Task SocketMode_RetriesAfterBackoff_WhenConnectionsOpenRefused()
    {
        var ct = TestTimeout.Token();
        await using var slack = await SlackStandIn.StartAsync(ct);
        slack.Enqueue("apps.connections.open", 200, """{"ok":false,"error":"invalid_auth"}""");
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        slack.SocketScript = async (socket, _, token) =>
        {
            connected.TrySetResult();
            await SlackStandIn.DrainAsync(socket, token);
        };
        var time = new TimerSignallingTimeProvider(DateTimeOffset.UnixEpoch);
        await using var bot = await SlackBotHost.StartAsync(slack, SlackMode.SocketMode, time, ct);

        var backoff = await time.NextTimerAsync(ct);
        Assert.False(connected.Task.IsCompleted);
        time.Advance(backoff);
        await connected.Task.WaitAsync(ct);

        Assert.Equal(SlackSocketModeClient.Backoff(1), backoff);
    }
}
