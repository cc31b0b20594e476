using MailHa.Bot.Chat;

namespace MailHa.Bot.Tests.Slack;

public sealed record RoutedCall(ChatEvent Event, IChatConversation Conversation);
