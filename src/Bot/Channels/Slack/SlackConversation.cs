using MailHa.Bot.Chat;

namespace MailHa.Bot.Channels.Slack;

/// <summary>A Slack channel the bot talks in through the Web API: <c>chat.postMessage</c> and <c>chat.update</c>.</summary>
public sealed class SlackConversation(SlackWebApiClient client, string channelId) : IChatConversation
{
    public string ChannelId { get; } = !string.IsNullOrEmpty(channelId) ? channelId : throw new ArgumentException("A Slack channel id is required.", nameof(channelId));

    public string Key => $"slack:{ChannelId}";

    public async Task<PostedMessage> PostAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        var result = await client.PostMessageAsync(ChannelId, message, cancellationToken);
        return result switch
        {
            SlackMessagePosted posted => new PostedMessage(ChatPlatform.Slack, posted.Channel, posted.Ts),
            SlackApiFailed failed => throw new SlackApiException(failed),
            _ => throw new InvalidOperationException($"Unexpected Slack result {result}."),
        };
    }

    public async Task UpdateAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Platform != ChatPlatform.Slack)
        {
            throw new ArgumentException($"Cannot update a {message.Platform} message through Slack.", nameof(message));
        }

        var result = await client.UpdateMessageAsync(message.ConversationId, message.MessageId, content, cancellationToken);
        if (result is SlackApiFailed failed)
        {
            throw new SlackApiException(failed);
        }
    }
}
