using System.Net;
using MailHa.Bot.Channels.Slack;
using MailHa.Bot.Chat;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MailHa.Bot.Tests.Slack;

public sealed class SlackRegistrationTests
{
    [Fact]
    public async Task MapSlack_MapsNothing_WhenDisabled()
    {
        var ct = TestTimeout.Token();
        await using var slack = await SlackStandIn.StartAsync(ct);
        await using var bot = await SlackBotHost.StartAsync(slack, SlackMode.Http, new FakeTimeProvider(), ct, s => s["MailHa:Slack:Enabled"] = "false");

        using var response = await bot.Client.PostAsync("/slack/commands", new StringContent("x=1"), ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(bot.Services.GetService<SlackWebApiClient>());
    }

    [Fact]
    public async Task MapSlack_MapsNoHttpEndpoints_WhenSocketMode()
    {
        var ct = TestTimeout.Token();
        await using var slack = await SlackStandIn.StartAsync(ct);
        slack.SocketScript = (socket, _, token) => SlackStandIn.DrainAsync(socket, token);
        await using var bot = await SlackBotHost.StartAsync(slack, SlackMode.SocketMode, new FakeTimeProvider(), ct);

        using var response = await bot.Client.PostAsync("/slack/commands", new StringContent("x=1"), ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AddSlack_FailsStartupNamingKey_WhenSigningSecretMissing()
    {
        var ct = TestTimeout.Token();
        await using var slack = await SlackStandIn.StartAsync(ct);
        using var secrets = new SlackSecretFiles();
        var settings = SlackBotHost.Settings(secrets, slack, SlackMode.Http);
        settings["MailHa:Slack:SigningSecret"] = secrets.Missing;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<IChatRouter>(new RecordingChatRouter());
        builder.Services.AddSlack(builder.Configuration);
        await using var app = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync(ct));

        Assert.Contains("MailHa:Slack:SigningSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AlertChannels_ReturnsOneConversationPerChannel_WhenConfigured()
    {
        var ct = TestTimeout.Token();
        await using var slack = await SlackStandIn.StartAsync(ct);
        await using var bot = await SlackBotHost.StartAsync(slack, SlackMode.Http, new FakeTimeProvider(), ct);
        var factory = bot.Services.GetRequiredService<SlackConversationFactory>();

        var alerts = factory.AlertChannels();
        var posted = await alerts.Single().PostAsync(ChatMessage.Text("VIP moved", "now on jt-mail2"), ct);

        Assert.Equal(new PostedMessage(ChatPlatform.Slack, "C0ALERTS", posted.MessageId), posted);
        Assert.Equal("/api/chat.postMessage", (await slack.NextRequestAsync(ct)).Path);
    }

    [Fact]
    public async Task PostAsync_RepliesInTheThreadWithWhatIsBehindShowCommands()
    {
        var ct = TestTimeout.Token();
        await using var slack = await SlackStandIn.StartAsync(ct);
        await using var bot = await SlackBotHost.StartAsync(slack, SlackMode.Http, new FakeTimeProvider(), ct);
        var channel = bot.Services.GetRequiredService<SlackConversationFactory>().ForChannel("C0OPS");
        var card = new ChatMessage("Approval needed", [new ChatSection("What will happen"), new ChatSection("ip addr del 198.18.15.10/24", Monospace: true, Behind: "Show commands")], []);

        var posted = await channel.PostAsync(card, ct);
        var main = await slack.NextRequestAsync(ct);
        var thread = await slack.NextRequestAsync(ct);

        Assert.DoesNotContain("ip addr del", main.Body!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("Show commands: in this message", main.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal(posted.MessageId, thread.Body!["thread_ts"]!.GetValue<string>());
        Assert.Contains("ip addr del", thread.Body.ToJsonString(), StringComparison.Ordinal);
    }
}
