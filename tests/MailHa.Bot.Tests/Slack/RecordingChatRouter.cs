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

    /// <summary>What the channel is told each event takes (default: it may change something).</summary>
    public Func<ChatEvent, ChatWork> Work { get; set; } = _ => ChatWork.Changes;

    /// <summary>When set, every call waits for it before answering.</summary>
    public Task? Hold { get; set; }

    public ChatWork Classify(ChatEvent chatEvent) => Work(chatEvent);

    public Task<ChatMessage?> HandleAsync(ChatEvent chatEvent, IChatConversation conversation, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref count);
        calls.Writer.TryWrite(new RoutedCall(chatEvent, conversation));
        return Hold is { } hold ? AnswerLaterAsync(hold, chatEvent, cancellationToken) : Task.FromResult(Answer(chatEvent));
    }

    private async Task<ChatMessage?> AnswerLaterAsync(Task hold, ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        await hold.WaitAsync(cancellationToken);
        return Answer(chatEvent);
    }

    public ValueTask<RoutedCall> NextCallAsync(CancellationToken cancellationToken) => calls.Reader.ReadAsync(cancellationToken);
}
