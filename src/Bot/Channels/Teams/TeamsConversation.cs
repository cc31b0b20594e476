using MailHa.Bot.Chat;

namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// An existing Teams conversation (personal chat, group chat, or channel thread). Posts reply to
/// <c>replyToId</c> when there is one (the command's activity), else go to the conversation.
/// </summary>
internal sealed class TeamsConversation(TeamsConnectorClient connector, string serviceUrl, string conversationId, string? replyToId)
    : IChatConversation
{
    public string Key => $"teams:{conversationId}";

    public ConversationAddress Address => new(ChatPlatform.Teams, conversationId, serviceUrl, replyToId);

    public async Task<PostedMessage> PostAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        var activity = AdaptiveCardRenderer.Activity(message);
        var id = replyToId is { Length: > 0 }
            ? await connector.ReplyAsync(serviceUrl, conversationId, replyToId, activity, cancellationToken)
            : await connector.SendAsync(serviceUrl, conversationId, activity, cancellationToken);
        return new PostedMessage(ChatPlatform.Teams, conversationId, id, serviceUrl);
    }

    public Task UpdateAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken) =>
        connector.UpdateAsync(message, content, cancellationToken);

    /// <summary>Replies to the posted activity, in its own conversation (a channel thread's, for an alert).</summary>
    public Task<PostedMessage> ReplyAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken) =>
        connector.ReplyAsync(message, content, cancellationToken);
}
