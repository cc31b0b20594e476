using System.Threading.Channels;
using MailHa.Bot.Chat;

namespace MailHa.TestSupport.Chat;

/// <summary>
/// A router for channel tests: records every call in order (awaitable) and answers with <see cref="AnswerAsync"/>
/// (by default <see cref="Answer"/>), after <see cref="Hold"/> when one is set.
/// </summary>
public sealed class RecordingChatRouter : IChatRouter
{
    private readonly Channel<RoutedCall> calls = Channel.CreateUnbounded<RoutedCall>();
    private int count;

    public RecordingChatRouter()
    {
        AnswerAsync = (chatEvent, _) => Task.FromResult(Answer(chatEvent));
    }

    public Func<ChatEvent, ChatMessage?> Answer { get; set; } = _ => null;

    /// <summary>The answer when it takes time or fails; replaces <see cref="Answer"/> when set.</summary>
    public Func<ChatEvent, CancellationToken, Task<ChatMessage?>> AnswerAsync { get; set; }

    public int CallCount => Volatile.Read(ref count);

    /// <summary>What the channel is told each event takes (default: it may change something).</summary>
    public Func<ChatEvent, ChatWork> Work { get; set; } = _ => ChatWork.Changes;

    /// <summary>When set, every call waits for it before answering.</summary>
    public Task? Hold { get; set; }

    public ChatWork Classify(ChatEvent chatEvent) => Work(chatEvent);

    public async Task<ChatMessage?> HandleAsync(ChatEvent chatEvent, IChatConversation conversation, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref count);
        calls.Writer.TryWrite(new RoutedCall(chatEvent, conversation));
        if (Hold is { } hold)
        {
            await hold.WaitAsync(cancellationToken);
        }

        return await AnswerAsync(chatEvent, cancellationToken);
    }

    public ValueTask<RoutedCall> NextCallAsync(CancellationToken cancellationToken) => calls.Reader.ReadAsync(cancellationToken);

    /// <summary>The next call, bounded by the hang guard (<see cref="Wait"/>).</summary>
    public async Task<RoutedCall> NextCallAsync() => await calls.Reader.ReadAsync(Wait.Token());

    /// <summary>The event of the next call, bounded by the hang guard (<see cref="Wait"/>).</summary>
    public async Task<ChatEvent> NextEventAsync() => (await NextCallAsync()).Event;
}
