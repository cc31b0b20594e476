namespace MailHa.Bot.Chat;

/// <summary>One platform's way back into a conversation from its address (after a restart, or on another instance).</summary>
public interface IConversationOpener
{
    ChatPlatform Platform { get; }

    IChatConversation Open(ConversationAddress address);
}

/// <summary>
/// Opens conversations again from their addresses, on whichever platform they live: a request made in Slack
/// before a restart still gets its progress, and its cards still get replaced. Every enabled platform registers
/// its <see cref="IConversationOpener"/>.
/// </summary>
public sealed class ChatConversations(IEnumerable<IConversationOpener> openers)
{
    private readonly Dictionary<ChatPlatform, IConversationOpener> _openers = openers.ToDictionary(o => o.Platform);

    /// <summary>The conversation at <paramref name="address"/>; one on a platform no longer enabled refuses every post.</summary>
    public IChatConversation Open(ConversationAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return _openers.TryGetValue(address.Platform, out var opener) ? opener.Open(address) : new Closed(address);
    }

    private sealed class Closed(ConversationAddress address) : IChatConversation
    {
        public string Key => $"closed:{address.Platform}:{address.Id}";

        public ConversationAddress Address => address;

        public Task<PostedMessage> PostAsync(ChatMessage message, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"The {address.Platform} channel is not enabled on this MailHa: cannot post to {address.Id}.");

        public Task UpdateAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"The {address.Platform} channel is not enabled on this MailHa: cannot update {address.Id}.");

        public Task<PostedMessage> ReplyAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"The {address.Platform} channel is not enabled on this MailHa: cannot reply in {address.Id}.");
    }
}
