using MailHa.Bot.Commands;

namespace MailHa.Bot.Tests.Slack;

public sealed record RoutedCall(ChatEvent Event, IChatConversation Conversation);
