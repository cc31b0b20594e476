using System.Threading.Channels;
using MailHa.Bot.Chat;

namespace MailHa.Bot.Tests.Teams;

/// <summary>Records every event the channel hands over, in call order, and answers with <see cref="Answer"/>.</summary>
public sealed class RecordingRouter : IChatRouter
{
    private readonly Channel<(ChatEvent Event, IChatConversation Conversation)> _calls =
        Channel.CreateUnbounded<(ChatEvent, IChatConversation)>();

    public Func<ChatEvent, CancellationToken, Task<ChatMessage?>> Answer { get; set; } =
        (_, _) => Task.FromResult<ChatMessage?>(null);

    public Task<ChatMessage?> HandleAsync(ChatEvent chatEvent, IChatConversation conversation, CancellationToken cancellationToken)
    {
        _calls.Writer.TryWrite((chatEvent, conversation));
        return Answer(chatEvent, cancellationToken);
    }

    public async Task<ChatEvent> NextEventAsync() => (await _calls.Reader.ReadAsync(Wait.Token())).Event;

    public async Task<(ChatEvent Event, IChatConversation Conversation)> NextCallAsync() =>
        await _calls.Reader.ReadAsync(Wait.Token());
}
