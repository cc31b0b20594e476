using MailHa.Bot.Chat;

namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// A configured alert channel: each post starts a new thread there (<c>POST v3/conversations</c>), addressable
/// afterwards by the thread's conversation id and activity id.
/// </summary>
internal sealed class TeamsChannelConversation(TeamsConnectorClient connector, TeamsAlertChannelOptions channel, string tenantId)
    : IChatConversation
{
    public string Key => $"teams-channel:{channel.ChannelId}";

    public ConversationAddress Address => new(ChatPlatform.Teams, channel.ChannelId, channel.ServiceUrl, AlertChannel: true);

    public async Task<PostedMessage> PostAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        var thread = await connector.CreateChannelThreadAsync(
            channel.ServiceUrl, channel.ChannelId, tenantId, AdaptiveCardRenderer.Activity(message), cancellationToken);
        return new PostedMessage(ChatPlatform.Teams, thread.Id, thread.ActivityId, channel.ServiceUrl);
    }

    public Task UpdateAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken) =>
        connector.UpdateAsync(message, content, cancellationToken);

    /// <summary>Replies to the posted activity, in its own conversation (a channel thread's, for an alert).</summary>
    public Task<PostedMessage> ReplyAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken) =>
        connector.ReplyAsync(message, content, cancellationToken);
}
