namespace MailHa.Bot.Chat;

/// <summary>
/// Where every channel hands what it received (the pipeline implements it). Channels authenticate and parse,
/// ack the platform, then call this. The immediate answer is returned; later messages (progress, results)
/// go to <paramref name="conversation"/>.
/// </summary>
public interface IChatRouter
{
    Task<ChatMessage?> HandleAsync(ChatEvent chatEvent, IChatConversation conversation, CancellationToken cancellationToken);

    /// <summary>What handling <paramref name="chatEvent"/> will take, so a channel can answer at once, run it beside others, or queue it.</summary>
    ChatWork Classify(ChatEvent chatEvent) => ChatWork.Changes;
}

/// <summary>What handling an event takes.</summary>
public enum ChatWork
{
    /// <summary>Answered from memory or the journal, no node contacted (help, approvals, history, refusals): answer in the platform's response itself.</summary>
    AtOnce,

    /// <summary>Reads the nodes but changes nothing (status, dry runs): never refused as busy.</summary>
    Reads,

    /// <summary>May change something or decide (operations, mirror run, approvals): queued, one operation at a time.</summary>
    Changes,
}
