using MailHa.Bot.Chat;
using MailHa.Bot.People;

namespace MailHa.Bot.Pipeline;

/// <summary>Who asks, where, what can be typed there (for help), and the card they clicked, if any.</summary>
public sealed record UseCaseContext(Caller Caller, IChatConversation Conversation, string Usage, ChatActionEvent? Click = null);
