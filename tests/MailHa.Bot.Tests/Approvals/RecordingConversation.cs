using MailHa.Bot.Commands;

namespace MailHa.Bot.Tests.Approvals;

/// <summary>A conversation that keeps what was posted and every update.</summary>
public sealed class RecordingConversation(string key) : IChatConversation
{
    private int _next;

    public string Key => key;

    public List<(PostedMessage Message, ChatMessage Content)> Posts { get; } = [];

    public List<(PostedMessage Message, ChatMessage Content)> Updates { get; } = [];

    public Task<PostedMessage> PostAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        lock (Posts)
        {
            var posted = new PostedMessage(ChatPlatform.Console, key, $"{key}-{++_next}");
            Posts.Add((posted, message));
            return Task.FromResult(posted);
        }
    }

    public Task UpdateAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken)
    {
        lock (Posts)
        {
            Updates.Add((message, content));
        }

        return Task.CompletedTask;
    }
}
