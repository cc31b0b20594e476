using MailHa.Bot.Chat;

namespace MailHa.Bot.Channels.Console;

/// <summary>
/// The console's conversation: an in-memory feed the page polls by version. It is an
/// <see cref="IChatConversation"/> like a Slack channel, and an alert channel too.
/// </summary>
public sealed class ConsoleFeed(TimeProvider time) : IChatConversation, IAlertChannelSource, IConversationOpener
{
    private const int Capacity = 500;
    private readonly List<ConsoleEntry> _entries = [];
    private readonly Lock _lock = new();
    private long _version;

    public string Key => "console";

    public ConversationAddress Address { get; } = new(ChatPlatform.Console, "console");

    public ChatPlatform Platform => ChatPlatform.Console;

    /// <summary>The console is one conversation.</summary>
    public IChatConversation Open(ConversationAddress address) => this;

    /// <summary>The console receives alerts and approval cards like any channel.</summary>
    public IReadOnlyList<IChatConversation> AlertChannels() => [this];

    public Task<PostedMessage> PostAsync(ChatMessage message, CancellationToken cancellationToken) =>
        Task.FromResult(new PostedMessage(ChatPlatform.Console, "console", Add(null, message).Id));

    /// <summary>The console has no threads: a reply is a new entry.</summary>
    public Task<PostedMessage> ReplyAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken) =>
        PostAsync(content, cancellationToken);

    public Task UpdateAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_lock)
        {
            var index = _entries.FindIndex(e => e.Id == message.MessageId);
            if (index >= 0)
            {
                _entries[index] = _entries[index] with { Version = ++_version, Message = content };
            }
        }

        return Task.CompletedTask;
    }

    public ConsoleEntry Add(string? from, ChatMessage message)
    {
        lock (_lock)
        {
            var entry = new ConsoleEntry($"m{_version + 1}", ++_version, time.GetUtcNow(), from, message);
            _entries.Add(entry);
            if (_entries.Count > Capacity)
            {
                _entries.RemoveAt(0);
            }

            return entry;
        }
    }

    /// <summary>Entries new or changed after <paramref name="version"/>, oldest first, and the current version.</summary>
    public (IReadOnlyList<ConsoleEntry> Entries, long Version) Since(long version)
    {
        lock (_lock)
        {
            return ([.. _entries.Where(e => e.Version > version).OrderBy(e => e.Version)], _version);
        }
    }
}
