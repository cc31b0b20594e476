using System.Net;
using System.Text.Json.Nodes;
using MailHa.Bot.Channels.Teams;
using MailHa.Bot.Chat;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Journal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MailHa.Bot.Tests.Teams;

/// <summary>What <c>POST /api/messages</c> does with authenticated activities of each kind.</summary>
public class TeamsEndpointTests
{
    [Fact]
    public async Task Post_RoutesActionEventWithCard_WhenActionSubmitMessage()
    {
        var router = new RecordingChatRouter();
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router);

        using var response = await bot.PostAsync(TeamsActivities.Submit(issuer.ServiceUrl, new CardAction.Approve("r-1"), "1700000000042"), issuer);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var action = Assert.IsType<ChatActionEvent>(await router.NextEventAsync());
        Assert.Equal(new CardAction.Approve("r-1"), action.Action);
        Assert.Equal(new PostedMessage(ChatPlatform.Teams, TeamsActivities.ConversationId, "1700000000042", issuer.ServiceUrl), action.Card);
        Assert.Equal(TeamsActivities.UserObjectId, action.User.UserId);
    }

    [Fact]
    public async Task Post_AnswersWithReplacementCard_WhenActionExecuteInvoke()
    {
        var router = new RecordingChatRouter
        {
            Answer = _ => ChatMessage.Text("Approved", "Failover r-1 approved by Ada Admin."),
        };
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router);

        using var response = await bot.PostAsync(TeamsActivities.Execute(issuer.ServiceUrl, new CardAction.Approve("r-1"), "1700000000042"), issuer);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.card.adaptive", body["type"]!.GetValue<string>());
        var card = body["value"]!.AsObject();
        Assert.Equal("AdaptiveCard", card["type"]!.GetValue<string>());
        Assert.Equal("Approved", card["body"]![0]!["inlines"]![0]!["text"]!.GetValue<string>());
        Assert.False(card.ContainsKey("actions"));

        var action = Assert.IsType<ChatActionEvent>(await router.NextEventAsync());
        Assert.Equal(new CardAction.Approve("r-1"), action.Action);
        Assert.Equal("1700000000042", action.Card?.MessageId);
    }

    [Fact]
    public async Task Post_RoutesTheTypedAction_WhenTheClickedCardWasPostedBeforeActionsWereValues()
    {
        var router = new RecordingChatRouter();
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router);

        using var submitted = await bot.PostAsync(TeamsActivities.Submit(issuer.ServiceUrl, "reject", "r-1a2b3c", "1700000000042"), issuer);
        var submit = Assert.IsType<ChatActionEvent>(await router.NextEventAsync());
        using var executed = await bot.PostAsync(TeamsActivities.Execute(issuer.ServiceUrl, "resume", "switchover-20261126-004800-1a2b", "1700000000042"), issuer);
        var execute = Assert.IsType<ChatActionEvent>(await router.NextEventAsync());

        Assert.Equal(new CardAction.Reject("r-1a2b3c"), submit.Action);
        Assert.Equal(new CardAction.ResumeOperation("switchover-20261126-004800-1a2b"), execute.Action);
    }

    [Fact]
    public async Task Post_AnswersNoticeThenUpdatesCard_WhenRouterOutlastsInvokeTimeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var release = new TaskCompletionSource<ChatMessage?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var router = new RecordingChatRouter { AnswerAsync = (_, _) => release.Task };
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router, services: s => s.AddSingleton<TimeProvider>(time));

        var posting = bot.PostAsync(TeamsActivities.Execute(issuer.ServiceUrl, "approve", "r-1", "1700000000042"), issuer);
        await router.NextEventAsync();
        time.Advance(TimeSpan.FromSeconds(10));
        using var response = await posting;

        var body = await ReadJsonAsync(response);
        Assert.Equal("application/vnd.microsoft.activity.message", body["type"]!.GetValue<string>());

        release.SetResult(ChatMessage.Text("Approved", "by Ada Admin"));
        var update = await issuer.NextConnectorRequestAsync();
        Assert.Equal("PUT", update.Method);
        Assert.EndsWith("/activities/1700000000042", update.RawTarget, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_AnswersErrorBody_WhenActionExecuteHasNoRequestId()
    {
        var router = new RecordingChatRouter();
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router);

        using var response = await bot.PostAsync(TeamsActivities.Execute(issuer.ServiceUrl, "approve", null, "1700000000042"), issuer);

        var body = await ReadJsonAsync(response);
        Assert.Equal(400, body["statusCode"]!.GetValue<int>());
        Assert.Equal("application/vnd.microsoft.error", body["type"]!.GetValue<string>());
        Assert.Equal("BadRequest", body["value"]!["code"]!.GetValue<string>());
        await TeamsInboundAuthTests.AssertNextRoutedIsSentinelAsync(issuer, bot, router);
    }

    [Fact]
    public async Task Post_AnswersInternalError_WhenRouterThrowsOnInvoke()
    {
        var router = new RecordingChatRouter { AnswerAsync = (_, _) => throw new InvalidOperationException("approvals store down") };
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router);

        using var response = await bot.PostAsync(TeamsActivities.Execute(issuer.ServiceUrl, "approve", "r-1", "1700000000042"), issuer);

        var body = await ReadJsonAsync(response);
        Assert.Equal(500, body["statusCode"]!.GetValue<int>());
        Assert.DoesNotContain("approvals store down", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_Returns501_WhenInvokeNameIsUnknown()
    {
        var router = new RecordingChatRouter();
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router);
        var invoke = TeamsActivities.Execute(issuer.ServiceUrl, "approve", "r-1", "1700000000042");
        invoke["name"] = "composeExtension/query";

        using var response = await bot.PostAsync(invoke, issuer);

        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        await TeamsInboundAuthTests.AssertNextRoutedIsSentinelAsync(issuer, bot, router);
    }

    [Fact]
    public async Task Post_HandsARedeliveryOnUnderTheSameDeliveryId_WhenActivityIsRedelivered()
    {
        var router = new RecordingChatRouter();
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router, services: s => s.AddJournalSchema(DeliveryDeduplicator.Schema));
        var activity = TeamsActivities.Message(issuer.ServiceUrl, "<at>MailHa</at> status");

        using var first = await bot.PostAsync(activity, issuer);
        using var again = await bot.PostAsync(activity, issuer);

        // The pipeline's one deduplicator (for Slack and Teams alike) recognises the second by its delivery id.
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var delivered = new[] { await router.NextEventAsync(), await router.NextEventAsync() };
        Assert.All(delivered, e => Assert.Equal(activity["id"]!.GetValue<string>(), e.DeliveryId));
        var deduplicator = new DeliveryDeduplicator(bot.Services.GetRequiredService<JournalDatabase>(), TimeProvider.System);
        Assert.True(await deduplicator.FirstTimeAsync(DeliveryDeduplicator.Key(delivered[0]), TestContext.Current.CancellationToken));
        Assert.False(await deduplicator.FirstTimeAsync(DeliveryDeduplicator.Key(delivered[1]), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Post_AnswersReceived_WhenInvokeIsRedelivered()
    {
        DeliveryDeduplicator? deduplicator = null;
        var router = new RecordingChatRouter
        {
            AnswerAsync = async (e, _) => await deduplicator!.FirstTimeAsync(DeliveryDeduplicator.Key(e), CancellationToken.None) ? ChatMessage.Text("Approved") : null,
        };
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router, services: s => s.AddJournalSchema(DeliveryDeduplicator.Schema));
        deduplicator = new DeliveryDeduplicator(bot.Services.GetRequiredService<JournalDatabase>(), TimeProvider.System);
        var invoke = TeamsActivities.Execute(issuer.ServiceUrl, "approve", "r-1", "1700000000042");

        using var first = await bot.PostAsync(invoke, issuer);
        using var again = await bot.PostAsync(invoke, issuer);

        Assert.Equal("application/vnd.microsoft.card.adaptive", (await ReadJsonAsync(first))["type"]!.GetValue<string>());
        Assert.Equal("application/vnd.microsoft.activity.message", (await ReadJsonAsync(again))["type"]!.GetValue<string>());
        Assert.True(Assert.IsType<ChatActionEvent>(await router.NextEventAsync()).AnswerReplacesCard);
    }

    [Fact]
    public async Task Post_Returns400_WhenActivityHasNoType()
    {
        var router = new RecordingChatRouter();
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router);
        var activity = TeamsActivities.Message(issuer.ServiceUrl, "status");
        activity.Remove("type");

        using var response = await bot.PostAsync(activity, issuer);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_Returns400_WhenBodyIsNotJson()
    {
        var router = new RecordingChatRouter();
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router);
        using var request = new HttpRequestMessage(HttpMethod.Post, TeamsEndpoint.Path) { Content = new StringContent("{not json") };
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + issuer.CreateToken());

        using var response = await bot.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("Bearer x")]
    [InlineData("Bearer eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJub2JvZHkifQ.c2ln")]
    public async Task Post_Returns401BeforeParsing_WhenBodyIsNotJsonAndTokenIsBad(string authorization)
    {
        var router = new RecordingChatRouter();
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router);
        using var request = new HttpRequestMessage(HttpMethod.Post, TeamsEndpoint.Path) { Content = new StringContent("{not json") };
        request.Headers.TryAddWithoutValidation("Authorization", authorization);

        using var response = await bot.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Post_Returns200AndRoutesNothing_WhenConversationUpdate()
    {
        var router = new RecordingChatRouter();
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router);

        using var response = await bot.PostAsync(TeamsActivities.Base("conversationUpdate", issuer.ServiceUrl, null), issuer);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await TeamsInboundAuthTests.AssertNextRoutedIsSentinelAsync(issuer, bot, router);
    }

    [Fact]
    public async Task Post_Returns200AndRoutesNothing_WhenSenderHasNoAadObjectId()
    {
        var router = new RecordingChatRouter();
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router);
        var activity = TeamsActivities.Message(issuer.ServiceUrl, "failover");
        activity["from"]!.AsObject().Remove("aadObjectId");

        using var response = await bot.PostAsync(activity, issuer);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await TeamsInboundAuthTests.AssertNextRoutedIsSentinelAsync(issuer, bot, router);
    }

    [Fact]
    public async Task Post_KeepsAcceptingActivities_WhenRouterThrows()
    {
        var router = new RecordingChatRouter { AnswerAsync = (e, _) => e is ChatCommandEvent { Text: "boom" } ? throw new InvalidOperationException("boom") : Task.FromResult<ChatMessage?>(null) };
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router);

        using var response = await bot.PostAsync(TeamsActivities.Message(issuer.ServiceUrl, "boom"), issuer);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("boom", Assert.IsType<ChatCommandEvent>(await router.NextEventAsync()).Text);
        await TeamsInboundAuthTests.AssertNextRoutedIsSentinelAsync(issuer, bot, router);
    }

    [Fact]
    public async Task Post_IsNotMapped_WhenTeamsIsDisabled()
    {
        var router = new RecordingChatRouter();
        await using var issuer = await LocalBotFrameworkIssuer.StartAsync();
        await using var bot = await TeamsBotHost.StartAsync(issuer, router, settings => settings["MailHa:Teams:Enabled"] = "false");

        using var response = await bot.PostAsync(TeamsActivities.Message(issuer.ServiceUrl, "status"), issuer);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(bot.Services.GetService<TeamsConversationFactory>());
    }

    private static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
}
