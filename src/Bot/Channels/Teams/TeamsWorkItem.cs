using MailHa.Bot.Chat;

namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// One acknowledged activity waiting for the router. The router's answer replaces <paramref name="Replace"/>
/// (the clicked card) when set, else is posted to <paramref name="Conversation"/>.
/// </summary>
internal sealed record TeamsWorkItem(ChatEvent Event, IChatConversation Conversation, PostedMessage? Replace);
