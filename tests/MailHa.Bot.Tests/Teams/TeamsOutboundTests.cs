using System.Net;
using MailHa.Bot.Channels.Teams;
using MailHa.Bot.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Teams;

/// <summary>Outbound Bot Connector calls: MSAL token from the local issuer, sent only to validated or configured serviceUrls.</summary>
public class TeamsOutboundTests
{
    private const string EscapedConversation = "19%3Aops%40thread.tacv2%3Bmessageid%3D1700000000000";

    [Fact]
    public async Task Reply_PostsCardWithIssuedBearerToken_WhenRouterAnswersCommand()
    {
        var router = new RecordingChatRouter
        {
            Answer = _ => new ChatMessage(
                "Status", [new ChatSection("jt-mail1  primary  ok", Monospace: true)], []),
        };
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router);
        var activity = TeamsActivities.Message(issuer.ServiceUrl, "<at>MailHa</at> status");
        var activityId = activity["id"]!.GetValue<string>();

        using var response = await bot.PostAsync(activity, issuer);
        var reply = await issuer.NextConnectorRequestAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST", reply.Method);
        Assert.Equal($"{LocalBotFrameworkIssuer.ServicePath}v3/conversations/{EscapedConversation}/activities/{activityId}", reply.RawTarget);
        Assert.Equal("Bearer " + Assert.Single(issuer.IssuedTokens), reply.Authorization);
        Assert.Equal(activityId, reply.Body!["replyToId"]!.GetValue<string>());
        var attachment = reply.Body["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment["contentType"]!.GetValue<string>());
        Assert.Equal("Monospace", attachment["content"]!["body"]![1]!["inlines"]![0]!["fontType"]!.GetValue<string>());
        Assert.Empty(issuer.Unexpected);
    }

    [Fact]
    public async Task Update_PutsCardWithoutButtons_WhenActionSubmitIsAnswered()
    {
        var router = new RecordingChatRouter
        {
            Answer = _ => ChatMessage.Text("Approved", "Failover r-1 approved by Ada Admin."),
        };
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router);

        using var response = await bot.PostAsync(TeamsActivities.Submit(issuer.ServiceUrl, "approve", "r-1", "1700000000042"), issuer);
        var update = await issuer.NextConnectorRequestAsync();

        Assert.Equal("PUT", update.Method);
        Assert.Equal($"{LocalBotFrameworkIssuer.ServicePath}v3/conversations/{EscapedConversation}/activities/1700000000042", update.RawTarget);
        Assert.Equal("Bearer " + Assert.Single(issuer.IssuedTokens), update.Authorization);
        Assert.Equal("1700000000042", update.Body!["id"]!.GetValue<string>());
        Assert.Null(update.Body["attachments"]![0]!["content"]!["actions"]);
    }

    [Fact]
    public async Task AlertChannel_StartsThreadThenUpdatesItWithOneToken_WhenPostedThenUpdated()
    {
        var router = new RecordingChatRouter();
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router);
        var alerts = Assert.Single(bot.Services.GetRequiredService<TeamsConversationFactory>().AlertChannels());
        var cancellationToken = TestContext.Current.CancellationToken;

        var posted = await alerts.PostAsync(
            new ChatMessage("Mirror lagging", [new ChatSection("jt-mail2 is 40 min behind.")], [new ChatAction(new CardAction.Approve("r-9"), "Fail over", ChatActionStyle.Danger)]),
            cancellationToken);
        var create = await issuer.NextConnectorRequestAsync();
        await alerts.UpdateAsync(posted, ChatMessage.Text("Mirror caught up"), cancellationToken);
        var update = await issuer.NextConnectorRequestAsync();

        Assert.Equal(("POST", LocalBotFrameworkIssuer.ServicePath + "v3/conversations"), (create.Method, create.RawTarget));
        Assert.True(create.Body!["isGroup"]!.GetValue<bool>());
        Assert.Equal("19:alerts@thread.tacv2", create.Body["channelData"]!["channel"]!["id"]!.GetValue<string>());
        Assert.Equal(TeamsActivities.TenantId, create.Body["tenantId"]!.GetValue<string>());
        Assert.Equal("message", create.Body["activity"]!["type"]!.GetValue<string>());
        Assert.Equal(ChatPlatform.Teams, posted.Platform);
        Assert.Equal(issuer.ServiceUrl, posted.ServiceUrl);
        Assert.StartsWith("19:alerts@thread.tacv2;messageid=", posted.ConversationId, StringComparison.Ordinal);

        Assert.Equal("PUT", update.Method);
        Assert.Equal(
            $"{LocalBotFrameworkIssuer.ServicePath}v3/conversations/{Uri.EscapeDataString(posted.ConversationId)}/activities/{posted.MessageId}",
            update.RawTarget);

        var token = Assert.Single(issuer.IssuedTokens);
        Assert.Equal("Bearer " + token, create.Authorization);
        Assert.Equal("Bearer " + token, update.Authorization);
        Assert.Equal(1, issuer.TokenRequests);
    }

    [Fact]
    public async Task AlertChannel_RepliesToTheActivityOfTheThreadItStarted_WhenRepliedTo()
    {
        var router = new RecordingChatRouter();
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router);
        var alerts = Assert.Single(bot.Services.GetRequiredService<TeamsConversationFactory>().AlertChannels());
        var cancellationToken = TestContext.Current.CancellationToken;

        var posted = await alerts.PostAsync(ChatMessage.Text("Failover done", "mail2 is active"), cancellationToken);
        await issuer.NextConnectorRequestAsync();
        var replied = await alerts.ReplyAsync(posted, ChatMessage.Text("Incident timeline", "first failed probe"), cancellationToken);
        var reply = await issuer.NextConnectorRequestAsync();

        Assert.Equal("POST", reply.Method);
        Assert.Equal(
            $"{LocalBotFrameworkIssuer.ServicePath}v3/conversations/{Uri.EscapeDataString(posted.ConversationId)}/activities/{posted.MessageId}",
            reply.RawTarget);
        Assert.Equal("Bearer " + Assert.Single(issuer.IssuedTokens), reply.Authorization);
        Assert.Equal(("message", posted.MessageId), (reply.Body!["type"]!.GetValue<string>(), reply.Body["replyToId"]!.GetValue<string>()));
        Assert.Equal("application/vnd.microsoft.card.adaptive", reply.Body["attachments"]![0]!["contentType"]!.GetValue<string>());
        Assert.Equal((ChatPlatform.Teams, posted.ConversationId, issuer.ServiceUrl), (replied.Platform, replied.ConversationId, replied.ServiceUrl));
        Assert.Empty(issuer.Unexpected);
    }

    [Fact]
    public async Task Post_IsRefusedBeforeAnyRequest_WhenServiceUrlNeitherValidatedNorConfigured()
    {
        var router = new RecordingChatRouter();
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router);
        var elsewhere = issuer.HttpsBase + "elsewhere/";
        var conversation = bot.Services.GetRequiredService<IConversationOpener>()
            .Open(new ConversationAddress(ChatPlatform.Teams, TeamsActivities.ConversationId, elsewhere, "1700000000042"));

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            conversation.PostAsync(ChatMessage.Text("hello"), TestContext.Current.CancellationToken));

        Assert.Equal(0, issuer.TokenRequests);
        Assert.Equal(0, issuer.ConnectorRequestCount);
        Assert.Empty(issuer.Unexpected);
    }

    [Fact]
    public async Task Post_ReachesServiceUrl_WhenAnActivityFromItWasAuthenticatedFirst()
    {
        var router = new RecordingChatRouter();
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router, settings =>
        {
            settings.Remove("MailHa:Teams:AlertChannels:0:ServiceUrl");
            settings.Remove("MailHa:Teams:AlertChannels:0:ChannelId");
        });
        var conversation = bot.Services.GetRequiredService<IConversationOpener>()
            .Open(new ConversationAddress(ChatPlatform.Teams, TeamsActivities.ConversationId, issuer.ServiceUrl, "1700000000042"));
        var cancellationToken = TestContext.Current.CancellationToken;

        await Assert.ThrowsAsync<InvalidOperationException>(() => conversation.PostAsync(ChatMessage.Text("early"), cancellationToken));
        using var response = await bot.PostAsync(TeamsActivities.Message(issuer.ServiceUrl, "status"), issuer);
        await router.NextEventAsync();
        var posted = await conversation.PostAsync(ChatMessage.Text("now"), cancellationToken);

        Assert.Equal(1, issuer.ConnectorRequestCount);
        Assert.Equal("activity-1", posted.MessageId);
    }
}
