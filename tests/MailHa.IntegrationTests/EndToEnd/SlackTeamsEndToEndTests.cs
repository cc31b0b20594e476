using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MailHa.Bot.Chat;
using MailHa.Bot.UseCases;
using MailHa.IntegrationTests.Lab;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.EndToEnd;

/// <summary>
/// Two people on two platforms move the real VIP: alice asks in Slack (a signed slash command), bob approves on
/// the card the bot posted to a Teams channel (a signed Action.Execute invoke). Slack's Web API and the Bot
/// Framework (token issuer, connector) are local stand-ins on loopback; everything else is the real bot and lab.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class SlackTeamsEndToEndTests(LabFixture lab)
{
    private const string SlackTeam = "T0MAILHA";
    private const string AliceSlackUser = "U0ALICE";
    private const string OpsChannel = "C0OPS";
    private const string SlackAlerts = "C0ALERTS";
    private const string TeamsAlerts = "19:alerts@thread.tacv2";
    private const string Switchover = "Switchover: move the VIP from mail1 to mail2";

    // Hang guard, not a threshold: a broken build fails with what arrived instead of hanging CI.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Switchover_RunsAndReportsInSlack_WhenRequestedInSlackAndApprovedInTeams()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var slackSecrets = new SlackSecretFiles();
        var teamsSecret = Path.GetTempFileName();
        await File.WriteAllTextAsync(teamsSecret, LocalBotFrameworkIssuer.AppSecret, Token);
        try
        {
            await using var slack = await SlackStandIn.StartAsync(Token);
            await using var teams = await LocalBotFrameworkIssuer.StartAsync();
            await using var bot = await LabBot.StartAsync(scope, Settings(slackSecrets, slack, teams, teamsSecret), builder =>
                // The Teams clients reach the local stand-ins over https: trust their self-signed certificate, and only that.
                LocalBotFrameworkIssuer.TrustIn(builder.Services),
                Token);
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = bot.BaseAddress };

            // alice, in Slack: /mail switchover.
            var command = SlackSigner.Form(
                ("token", "deprecated"), ("team_id", SlackTeam), ("team_domain", "mailha"), ("channel_id", OpsChannel), ("channel_name", "mail-ops"),
                ("user_id", AliceSlackUser), ("user_name", "alice"), ("command", "/mail"), ("text", "switchover"), ("api_app_id", "A0MAILHA"),
                ("response_url", slack.HookUrl("switchover").AbsoluteUri), ("trigger_id", "1.2.switchover"));
            using var ack = await http.SendAsync(SlackSigner.Request("slack/commands", command, DateTimeOffset.UtcNow.ToUnixTimeSeconds()), Token);
            Assert.Equal(HttpStatusCode.OK, ack.StatusCode);

            // The approval card reaches the Teams channel as a new thread.
            var thread = await ConnectorRequestAsync(teams, r => r.Method == "POST" && r.RawTarget == LocalBotFrameworkIssuer.ServicePath + "v3/conversations");
            Assert.Equal(TeamsAlerts, thread.Body!["channelData"]!["channel"]!["id"]!.GetValue<string>());
            var card = thread.Body["activity"]!["attachments"]![0]!["content"]!;
            Assert.Equal($"Approval needed: {Switchover}", card["body"]![0]!["inlines"]![0]!["text"]!.GetValue<string>());
            var approve = card["actions"]!.AsArray().Single(a => a!["verb"]!.GetValue<string>() == "approve")!;
            var clicked = Assert.IsType<CardAction.Approve>(CardAction.Decode(approve["data"]!.ToJsonString()));
            var requestId = clicked.RequestId;

            // bob, in Teams: clicks Approve on that card (Action.Execute, signed by the Bot Framework issuer).
            var click = TeamsActivities.Execute(teams.ServiceUrl, clicked, thread.Answer!["activityId"]!.GetValue<string>());
            click["conversation"]!["id"] = thread.Answer["id"]!.GetValue<string>();
            click["from"]!["name"] = "bob";
            using var invoke = new HttpRequestMessage(HttpMethod.Post, "api/messages") { Content = new StringContent(click.ToJsonString(), Encoding.UTF8, "application/json") };
            invoke.Headers.Authorization = new AuthenticationHeaderValue("Bearer", teams.CreateToken());
            using var answer = await http.SendAsync(invoke, Token);
            var answered = await answer.Content.ReadAsStringAsync(Token);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, answered);
            Assert.True(JsonNode.Parse(answered)!["statusCode"]!.GetValue<int>() == 200, answered);

            // The VIP moves: mail2 answers on it.
            var moved = await Eventually.TrueAsync(async () => await scope.VipAnswerAsync(Token) == "mail2", Patience, Token);
            Assert.True(moved, $"the VIP {scope.VipAddress} does not answer from mail2");

            // alice's channel gets the final progress message, edited in place, naming both people.
            var final = await SlackRequestAsync(slack, r => r.Path == "/api/chat.update"
                && r.Body?["text"]?.GetValue<string>() is { } text && text.StartsWith(Switchover + ": ", StringComparison.Ordinal)
                && (text.Contains(": SUCCEEDED", StringComparison.Ordinal) || text.Contains(": FAILED", StringComparison.Ordinal)));
            var report = final.Body!.ToJsonString();
            Assert.Equal(OpsChannel, final.Body!["channel"]!.GetValue<string>());
            Assert.True(final.Body["text"]!.GetValue<string>().StartsWith($"{Switchover}: SUCCEEDED", StringComparison.Ordinal), report);
            Assert.Contains(FailoverReportText.Header("alice", "bob", requestId), report, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(teamsSecret);
        }
    }

    private static Dictionary<string, string?> Settings(SlackSecretFiles secrets, SlackStandIn slack, LocalBotFrameworkIssuer teams, string teamsSecret) => new()
    {
        ["MailHa:Console:Enabled"] = "false",
        ["MailHa:Slack:Enabled"] = "true",
        ["MailHa:Slack:Mode"] = "Http",
        ["MailHa:Slack:SigningSecret"] = secrets.SigningSecret,
        ["MailHa:Slack:BotToken"] = secrets.BotToken,
        ["MailHa:Slack:ApiBaseUrl"] = slack.BaseUrl.AbsoluteUri,
        ["MailHa:Slack:AlertChannels:0"] = SlackAlerts,
        ["MailHa:Teams:Enabled"] = "true",
        ["MailHa:Teams:AppId"] = TeamsActivities.BotAppId,
        ["MailHa:Teams:AppPassword"] = "file:" + teamsSecret,
        ["MailHa:Teams:TenantId"] = TeamsActivities.TenantId,
        ["MailHa:Teams:OpenIdMetadataUrl"] = teams.MetadataUrl,
        ["MailHa:Teams:LoginAuthority"] = teams.HttpsBase,
        ["MailHa:Teams:ValidateLoginAuthority"] = "false",
        ["MailHa:Teams:AlertChannels:0:ServiceUrl"] = teams.ServiceUrl,
        ["MailHa:Teams:AlertChannels:0:ChannelId"] = TeamsAlerts,

        // The lab's people (alice, bob: approvers) get one chat account each, beside their console ones.
        ["MailHa:People:0:Name"] = "alice",
        ["MailHa:People:0:Slack:0:Tenant"] = SlackTeam,
        ["MailHa:People:0:Slack:0:User"] = AliceSlackUser,
        ["MailHa:People:1:Name"] = "bob",
        ["MailHa:People:1:Teams:0:Tenant"] = TeamsActivities.TenantId,
        ["MailHa:People:1:Teams:0:User"] = TeamsActivities.UserObjectId,
    };

    /// <summary>The first call to the Bot Connector stand-in that matches; each read is bounded by the stand-in's hang guard.</summary>
    private static async Task<ConnectorRequest> ConnectorRequestAsync(LocalBotFrameworkIssuer teams, Func<ConnectorRequest, bool> match)
    {
        while (true)
        {
            var request = await teams.NextConnectorRequestAsync();
            if (match(request))
            {
                return request;
            }
        }
    }

    /// <summary>The first call to the Slack stand-in that matches; on the hang guard, fails with everything received.</summary>
    private static async Task<StandInRequest> SlackRequestAsync(SlackStandIn slack, Func<StandInRequest, bool> match)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(Token);
        patience.CancelAfter(Patience);
        var seen = new List<string>();
        try
        {
            while (true)
            {
                var request = await slack.NextRequestAsync(patience.Token);
                if (match(request))
                {
                    return request;
                }

                seen.Add($"{request.Path}: {request.Body?["text"]}");
            }
        }
        catch (OperationCanceledException) when (!Token.IsCancellationRequested)
        {
            Assert.Fail("No matching Slack call. Received:\n" + string.Join('\n', seen));
            throw;
        }
    }
}
