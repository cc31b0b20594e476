using MailHa.Bot.Chat;

namespace MailHa.Bot.Tests.Approvals;

/// <summary>A conversation that keeps what was posted and every update; a test can await an update it expects.</summary>
public sealed class RecordingConversation(string key) : IChatConversation
{
    private readonly List<(Func<ChatMessage, bool> Match, TaskCompletionSource<ChatMessage> Done)> _waiters = [];
    private int _next;

    public string Key => key;

    public ConversationAddress Address => new(ChatPlatform.Console, key);

    public List<(PostedMessage Message, ChatMessage Content)> Posts { get; } = [];

    public List<(PostedMessage Message, ChatMessage Content)> Updates { get; } = [];

    /// <summary>Replies: the message replied to, and the reply.</summary>
    public List<(PostedMessage To, ChatMessage Content)> Replies { get; } = [];

    public Task<PostedMessage> PostAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        lock (Posts)
        {
            var posted = new PostedMessage(ChatPlatform.Console, key, $"{key}-{++_next}");
            Posts.Add((posted, message));
            Signal(message);
            return Task.FromResult(posted);
        }
    }

    public Task<PostedMessage> ReplyAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken)
    {
        lock (Posts)
        {
            Replies.Add((message, content));
            Signal(content);
            return Task.FromResult(new PostedMessage(ChatPlatform.Console, key, $"{key}-{++_next}"));
        }
    }

    public Task UpdateAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken)
    {
        lock (Posts)
        {
            Updates.Add((message, content));
            Signal(content);
        }

        return Task.CompletedTask;
    }

    /// <summary>The first message posted or updated (now or later) that <paramref name="match"/> accepts.</summary>
    public Task<ChatMessage> WaitForAsync(Func<ChatMessage, bool> match, CancellationToken cancellationToken)
    {
        lock (Posts)
        {
            if (Posts.Select(p => p.Content).Concat(Updates.Select(u => u.Content)).FirstOrDefault(match) is { } seen)
            {
                return Task.FromResult(seen);
            }

            var done = new TaskCompletionSource<ChatMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task.WaitAsync(cancellationToken);
        }
    }

    private void Signal(ChatMessage message)
    {
        foreach (var waiter in _waiters.Where(w => w.Match(message)).ToList())
        {
            _waiters.Remove(waiter);
            waiter.Done.TrySetResult(message);
        }
    }
}
