namespace MailHa.Bot.Chat;

/// <summary>
/// Where every channel hands what it received (the pipeline implements it). Channels authenticate and parse,
/// ack the platform, then call this. The immediate answer is returned; later messages (progress, results)
/// go to <paramref name="conversation"/>.
/// </summary>
public interface IChatRouter
{
    Task<ChatMessage?> HandleAsync(ChatEvent chatEvent, IChatConversation conversation, CancellationToken cancellationToken);
}
