namespace MailHa.Bot.Chat;

/// <summary>
/// The alert and approval channels one platform contributes (Slack's and Teams' configured channels, the console's feed).
/// Every enabled channel registers one; alerts and approval cards go to all of them.
/// </summary>
public interface IAlertChannelSource
{
    IReadOnlyList<IChatConversation> AlertChannels();
}
