using System.Threading.Channels;
using MailHa.Bot.Chat;

namespace MailHa.Bot.Tests.Slack;

/// <summary>A fake router: records every call (awaitable) and answers with <see cref="Answer"/>.</summary>
public sealed class RecordingChatRouter : IChatRouter
{
    private readonly Channel<RoutedCall> calls = Channel.CreateUnbounded<RoutedCall>();
    private int count;

    public Func<ChatEvent, ChatMessage?> Answer { get; set; } = _ => null;

    public int CallCount => Volatile.Read(ref count);

    public Task<ChatMessage?> HandleAsync(ChatEvent chatEvent, IChatConversation conversation, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref count);
        calls.Writer.TryWrite(new RoutedCall(chatEvent, conversation));
        return Task.FromResult(Answer(chatEvent));
    }

    public ValueTask<RoutedCall> NextCallAsync(CancellationToken cancellationToken) => calls.Reader.ReadAsync(cancellationToken);
}
