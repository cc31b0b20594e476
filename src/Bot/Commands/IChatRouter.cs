namespace MailHa.Bot.Commands;

/// <summary>
/// The one router every channel feeds. Channels authenticate and parse, ack the platform at once, then
/// call this in the background. The immediate answer is returned; later messages (progress, results)
/// go to <paramref name="conversation"/>.
/// </summary>
public interface IChatRouter
{
    Task<ChatMessage?> HandleAsync(ChatEvent chatEvent, IChatConversation conversation, CancellationToken cancellationToken);
}
