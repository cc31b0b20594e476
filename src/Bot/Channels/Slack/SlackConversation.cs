using MailHa.Bot.Chat;

namespace MailHa.Bot.Channels.Slack;

/// <summary>A Slack channel the bot talks in through the Web API: <c>chat.postMessage</c> and <c>chat.update</c>.</summary>
public sealed class SlackConversation(SlackWebApiClient client, string channelId) : IChatConversation
{
    public string ChannelId { get; } = !string.IsNullOrEmpty(channelId) ? channelId : throw new ArgumentException("A Slack channel id is required.", nameof(channelId));

    public string Key => $"slack:{ChannelId}";

    public ConversationAddress Address => new(ChatPlatform.Slack, ChannelId);

    /// <summary>Posts the message; what sits behind an expansion ("Show commands") follows as a reply in its thread.</summary>
    public async Task<PostedMessage> PostAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (main, behind) = Split(message);
        var posted = Posted(await client.PostMessageAsync(ChannelId, main, null, cancellationToken));
        if (behind is not null)
        {
            Posted(await client.PostMessageAsync(ChannelId, behind, posted.MessageId, cancellationToken));
        }

        return posted;
    }

    public async Task UpdateAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Platform != ChatPlatform.Slack)
        {
            throw new ArgumentException($"Cannot update a {message.Platform} message through Slack.", nameof(message));
        }

        var result = await client.UpdateMessageAsync(message.ConversationId, message.MessageId, Split(content).Main, cancellationToken);
        if (result is SlackApiFailed failed)
        {
            throw new SlackApiException(failed);
        }
    }

    /// <summary>Replies in <paramref name="message"/>'s thread (<c>chat.postMessage</c> with its <c>ts</c> as <c>thread_ts</c>); what sits behind an expansion follows in the same thread.</summary>
    public async Task<PostedMessage> ReplyAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(content);
        if (message.Platform != ChatPlatform.Slack)
        {
            throw new ArgumentException($"Cannot reply to a {message.Platform} message through Slack.", nameof(message));
        }

        var (main, behind) = Split(content);
        var posted = Posted(await client.PostMessageAsync(message.ConversationId, main, message.MessageId, cancellationToken));
        if (behind is not null)
        {
            Posted(await client.PostMessageAsync(message.ConversationId, behind, message.MessageId, cancellationToken));
        }

        return posted;
    }

    /// <summary>The message without its expandable sections (with a pointer to the thread), and those sections as the thread reply.</summary>
    private static (ChatMessage Main, ChatMessage? Behind) Split(ChatMessage message)
    {
        var behind = message.Sections.Where(s => s.Behind is not null).ToList();
        if (behind.Count == 0)
        {
            return (message, null);
        }

        var labels = string.Join(", ", behind.Select(s => s.Behind).Distinct(StringComparer.Ordinal));
        var main = message with { Sections = [.. message.Sections.Where(s => s.Behind is null), new ChatSection($"{labels}: in this message's thread.")] };
        return (main, new ChatMessage(labels, [.. behind.Select(s => s with { Behind = null })], []));
    }

    private static PostedMessage Posted(SlackApiResult result) => result switch
    {
        SlackMessagePosted posted => new PostedMessage(ChatPlatform.Slack, posted.Channel, posted.Ts),
        SlackApiFailed failed => throw new SlackApiException(failed),
        _ => throw new InvalidOperationException($"Unexpected Slack result {result.Describe()}."),
    };
}
