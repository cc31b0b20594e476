using MailHa.Bot.Chat;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// Where the bot can talk in Teams: the configured alert channels, or the conversation of a message it
/// posted earlier (e.g. an approval card to update after a restart). Registered by <c>AddTeams</c>.
/// </summary>
public sealed class TeamsConversationFactory : IAlertChannelSource, IConversationOpener
{
    private readonly TeamsConnectorClient _connector;
    private readonly TeamsOptions _options;

    internal TeamsConversationFactory(TeamsConnectorClient connector, IOptions<TeamsOptions> options)
    {
        _connector = connector;
        _options = options.Value;
    }

    public ChatPlatform Platform => ChatPlatform.Teams;

    /// <summary>
    /// The conversation at <paramref name="address"/>: a configured alert channel again (posts start threads), or a
    /// conversation the bot learned from an activity (its serviceUrl is still checked before any token is sent).
    /// </summary>
    public IChatConversation Open(ConversationAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AlertChannel && _options.AlertChannels.FirstOrDefault(c => c.ChannelId == address.Id) is { } channel)
        {
            return ForAlertChannel(channel);
        }

        return new TeamsConversation(_connector, address.ServiceUrl ?? "", address.Id, address.ReplyToId);
    }

    /// <summary>One conversation per <c>MailHa:Teams:AlertChannels</c> entry; each post starts a new thread.</summary>
    public IReadOnlyList<IChatConversation> AlertChannels() => [.. _options.AlertChannels.Select(ForAlertChannel)];

    /// <summary>A channel that receives posts as new threads; its serviceUrl must be configured in AlertChannels.</summary>
    public IChatConversation ForAlertChannel(TeamsAlertChannelOptions channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        return new TeamsChannelConversation(_connector, channel, _options.TenantId);
    }

    internal IChatConversation ForActivity(string serviceUrl, string conversationId, string? replyToId) =>
        new TeamsConversation(_connector, serviceUrl, conversationId, replyToId);
}
