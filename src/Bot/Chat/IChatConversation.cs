namespace MailHa.Bot.Chat;

/// <summary>
/// A place the bot can talk in: the channel or chat a command came from, or a configured alert channel.
/// Each platform implements it (Slack Web API, Bot Framework Connector, console, command line).
/// </summary>
public interface IChatConversation
{
    /// <summary>Identifies the place (platform + channel/conversation), so a card is never posted twice to one place.</summary>
    string Key { get; }

    /// <summary>Where it is, in a form that survives a restart: <see cref="ChatConversations"/> opens it again from this.</summary>
    ConversationAddress Address { get; }

    /// <summary>Posts a new message and returns its address so it can be updated.</summary>
    Task<PostedMessage> PostAsync(ChatMessage message, CancellationToken cancellationToken);

    /// <summary>Replaces a posted message (progress updates, removing buttons after a decision).</summary>
    Task UpdateAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken);

    /// <summary>
    /// Posts <paramref name="content"/> as a reply to <paramref name="message"/>, posted here: a thread reply in Slack
    /// (<c>chat.postMessage</c> with <c>thread_ts</c>), a reply to its activity in Teams
    /// (<c>POST v3/conversations/{id}/activities/{activityId}</c>), a new entry where there are no threads.
    /// </summary>
    Task<PostedMessage> ReplyAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken);
}

/// <summary>
/// A message the bot posted, addressable for updates: Slack channel + ts; Teams serviceUrl +
/// conversation id + activity id; console conversation + message id.
/// </summary>
public sealed record PostedMessage(ChatPlatform Platform, string ConversationId, string MessageId, string? ServiceUrl = null);

/// <summary>
/// Where a conversation is, kept in the journal with what refers to it (the origin of a pending request):
/// Slack channel id; Teams conversation id with its serviceUrl and the activity replies go under (or a configured
/// alert channel, where each post starts a thread); the console.
/// </summary>
public sealed record ConversationAddress(ChatPlatform Platform, string Id, string? ServiceUrl = null, string? ReplyToId = null, bool AlertChannel = false);
