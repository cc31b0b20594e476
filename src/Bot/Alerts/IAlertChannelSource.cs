using MailHa.Bot.Commands;

namespace MailHa.Bot.Alerts;

/// <summary>A further source of alert channels (the local console registers one).</summary>
public interface IAlertChannelSource
{
    IReadOnlyList<IChatConversation> AlertChannels();
}
