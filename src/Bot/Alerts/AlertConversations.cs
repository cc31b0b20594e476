using MailHa.Bot.Channels.Slack;
using MailHa.Bot.Channels.Teams;
using MailHa.Bot.Commands;

namespace MailHa.Bot.Alerts;

/// <summary>
/// Every configured alert/approval channel on every enabled platform: Slack channels, Teams channels,
/// and the local console when it runs. Channels register only when enabled, so they are optional here.
/// </summary>
public sealed class AlertConversations(IServiceProvider services)
{
    public IReadOnlyList<IChatConversation> All()
    {
        var all = new List<IChatConversation>();
        if (services.GetService<SlackConversationFactory>() is { } slack)
        {
            all.AddRange(slack.ForAlertChannels());
        }

        if (services.GetService<TeamsConversationFactory>() is { } teams)
        {
            all.AddRange(teams.AlertChannels());
        }

        all.AddRange(services.GetServices<IAlertChannelSource>().SelectMany(s => s.AlertChannels()));
        return all;
    }
}
