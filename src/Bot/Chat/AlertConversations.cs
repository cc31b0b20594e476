namespace MailHa.Bot.Chat;

/// <summary>
/// Every configured alert/approval channel on every enabled platform: each enabled channel (Slack, Teams,
/// the console) registers its <see cref="IAlertChannelSource"/>. Alerts post there, and so do approval cards.
/// </summary>
public sealed class AlertConversations(IEnumerable<IAlertChannelSource> sources)
{
    public IReadOnlyList<IChatConversation> All() => [.. sources.SelectMany(s => s.AlertChannels())];
}
