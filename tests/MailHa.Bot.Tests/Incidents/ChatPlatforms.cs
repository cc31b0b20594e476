using MailHa.Bot.Channels.Slack;
using MailHa.Bot.Channels.Teams;
using MailHa.Bot.Tests.Approvals;
using MailHa.Bot.Tests.Slack;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Incidents;

/// <summary>
/// A bot harness whose Slack and Teams channels are the real ones, each talking to its local stand-in that speaks the
/// documented protocol (the Slack Web API; the Bot Connector with its token issuer): Slack alert channel
/// <see cref="SlackAlerts"/>, Teams alert channel <see cref="TeamsAlerts"/>, and the harness's own recording channel
/// <c>alerts</c> (console platform) beside them.
/// </summary>
public sealed class ChatPlatforms : IAsyncDisposable
{
    public const string SlackAlerts = "C0ALERTS";

    public const string TeamsAlerts = "19:alerts@thread.tacv2";

    private readonly SlackSecretFiles _slackSecrets;
    private readonly string _teamsSecrets;

    private ChatPlatforms(SlackStandIn slack, SlackSecretFiles slackSecrets, LocalBotFrameworkIssuer teams, string teamsSecrets)
    {
        Slack = slack;
        _slackSecrets = slackSecrets;
        Teams = teams;
        _teamsSecrets = teamsSecrets;
        var settings = SlackBotHost.Settings(slackSecrets, slack, SlackMode.Http);
        settings["MailHa:Teams:Enabled"] = "true";
        settings["MailHa:Teams:AppId"] = TeamsActivities.BotAppId;
        settings["MailHa:Teams:AppPassword"] = "file:" + Path.Combine(teamsSecrets, "app-password");
        settings["MailHa:Teams:TenantId"] = TeamsActivities.TenantId;
        settings["MailHa:Teams:OpenIdMetadataUrl"] = teams.MetadataUrl;
        settings["MailHa:Teams:LoginAuthority"] = teams.HttpsBase;
        settings["MailHa:Teams:ValidateLoginAuthority"] = "false";
        settings["MailHa:Teams:AlertChannels:0:ServiceUrl"] = teams.ServiceUrl;
        settings["MailHa:Teams:AlertChannels:0:ChannelId"] = TeamsAlerts;
        Bot = new BotHarness(settings, (services, configuration) =>
        {
            services.AddSlack(configuration);
            services.AddTeams(configuration);
            LocalBotFrameworkIssuer.TrustIn(services);
        });
    }

    public SlackStandIn Slack { get; }

    public LocalBotFrameworkIssuer Teams { get; }

    public BotHarness Bot { get; }

    public static async Task<ChatPlatforms> StartAsync(CancellationToken cancellationToken)
    {
        var slack = await SlackStandIn.StartAsync(cancellationToken);
        var teams = await LocalBotFrameworkIssuer.StartAsync();
        var teamsSecrets = Directory.CreateTempSubdirectory("mailha-teams-").FullName;
        await File.WriteAllTextAsync(Path.Combine(teamsSecrets, "app-password"), LocalBotFrameworkIssuer.AppSecret + "\n", cancellationToken);
        return new ChatPlatforms(slack, new SlackSecretFiles(), teams, teamsSecrets);
    }

    /// <summary>The Slack channel <paramref name="channelId"/> as the bot talks in it.</summary>
    public SlackConversation SlackChannel(string channelId) => Bot.Services.GetRequiredService<SlackConversationFactory>().ForChannel(channelId);

    /// <summary>Every Web API call Slack received so far (each taken once).</summary>
    public List<StandInRequest> SlackCalls()
    {
        List<StandInRequest> calls = [];
        while (Slack.TryTakeRequest(out var call))
        {
            calls.Add(call!);
        }

        return calls;
    }

    /// <summary>Every Bot Connector call Teams received so far (each taken once).</summary>
    public List<ConnectorRequest> TeamsCalls()
    {
        List<ConnectorRequest> calls = [];
        while (Teams.TryTakeConnectorRequest(out var call))
        {
            calls.Add(call!);
        }

        return calls;
    }

    public async ValueTask DisposeAsync()
    {
        Bot.Dispose();
        await Slack.DisposeAsync();
        await Teams.DisposeAsync();
        _slackSecrets.Dispose();
        Directory.Delete(_teamsSecrets, recursive: true);
    }
}
