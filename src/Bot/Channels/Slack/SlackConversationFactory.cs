using MailHa.Bot.Chat;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Channels.Slack;

/// <summary>Builds <see cref="SlackConversation"/>s: the channel a command came from, or the configured alert channels.</summary>
public sealed class SlackConversationFactory(SlackWebApiClient client, IOptions<SlackOptions> options) : IAlertChannelSource, IConversationOpener
{
    public ChatPlatform Platform => ChatPlatform.Slack;

    public SlackConversation ForChannel(string channelId) => new(client, channelId);

    public IChatConversation Open(ConversationAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return ForChannel(address.Id);
    }

    /// <summary>One conversation per <c>MailHa:Slack:AlertChannels</c> entry; empty when Slack is disabled.</summary>
    public IReadOnlyList<IChatConversation> AlertChannels() =>
        options.Value.Enabled ? [.. options.Value.AlertChannels.Select(ForChannel)] : [];
}
