using MailHa.Bot.Chat;

namespace MailHa.TestSupport.Chat;

public sealed record RoutedCall(ChatEvent Event, IChatConversation Conversation);
