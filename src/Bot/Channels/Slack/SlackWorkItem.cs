using MailHa.Bot.Chat;

namespace MailHa.Bot.Channels.Slack;

/// <summary>An authenticated, parsed Slack event waiting for the router; <paramref name="ResponseUrl"/> takes the first answer.</summary>
internal sealed record SlackWorkItem(ChatEvent Event, string ChannelId, Uri? ResponseUrl)
{
    /// <summary>For logs: <c>command</c> or <c>action</c>.</summary>
    public string Kind { get; } = Event is ChatCommandEvent ? "command" : "action";
}
