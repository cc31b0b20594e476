using MailHa.Bot.Alerts;
using MailHa.Bot.Commands;

namespace MailHa.Bot.Channels.Console;

/// <summary>The console receives alerts and approval cards like any channel.</summary>
public sealed class ConsoleAlertChannels(ConsoleFeed feed) : IAlertChannelSource
{
    public IReadOnlyList<IChatConversation> AlertChannels() => [feed];
}
