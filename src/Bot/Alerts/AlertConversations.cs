using MailHa.Bot.Chat;

namespace MailHa.Bot.Alerts;

/// <summary>
/// Every configured alert/approval channel on every enabled platform: each enabled channel (Slack, Teams,
/// the console) registers its <see cref="IAlertChannelSource"/>.
/// </summary>
public sealed class AlertConversations(IEnumerable<IAlertChannelSource> sources)
{
    public IReadOnlyList<IChatConversation> All() => [.. sources.SelectMany(s => s.AlertChannels())];
}
