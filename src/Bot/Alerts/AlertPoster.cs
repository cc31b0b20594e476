using MailHa.Bot.Chat;

namespace MailHa.Bot.Alerts;

/// <summary>
/// Posts an alert to every alert channel on every platform; one failing channel does not stop the others. A card
/// posted with <see cref="PostCardAsync(ChatMessage, CancellationToken)"/> can later be replaced everywhere it went with
/// <see cref="UpdateAsync"/>; one that starts the thread of something (an outage) is recorded as its thread too.
/// </summary>
public sealed class AlertPoster(AlertConversations conversations, ConversationThreads threads, ILogger<AlertPoster> logger)
{
    public async Task<int> PostAsync(ChatMessage message, CancellationToken cancellationToken) =>
        (await PostCardAsync(message, cancellationToken)).Count;

    /// <summary>Posts to every alert channel and returns where it went.</summary>
    public async Task<IReadOnlyList<AlertCard>> PostCardAsync(ChatMessage message, CancellationToken cancellationToken)
    {
        var posted = new List<AlertCard>();
        foreach (var conversation in conversations.All())
        {
            try
            {
                posted.Add(new AlertCard(conversation, await conversation.PostAsync(message, cancellationToken)));
            }
#pragma warning disable CA1031 // Alerting is best effort per channel: log and go on to the next.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                AlertLog.PostFailed(logger, conversation.Key, e);
            }
        }

        return posted;
    }

    /// <summary>Posts to every alert channel, records where it went as the thread of <paramref name="subject"/> (what follows replies there), and returns it.</summary>
    public async Task<IReadOnlyList<AlertCard>> PostCardAsync(ChatMessage message, ThreadSubject subject, CancellationToken cancellationToken)
    {
        var posted = await PostCardAsync(message, cancellationToken);
        await threads.SaveAsync(subject, posted.Select(c => new ThreadRoot(c.Conversation, c.Message)), cancellationToken);
        return posted;
    }

    /// <summary>Replaces the card everywhere it was posted.</summary>
    public async Task UpdateAsync(IReadOnlyList<AlertCard> cards, ChatMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cards);
        foreach (var card in cards)
        {
            try
            {
                await card.Conversation.UpdateAsync(card.Message, message, cancellationToken);
            }
#pragma warning disable CA1031 // As for posting: one channel failing does not keep the others stale.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                AlertLog.PostFailed(logger, card.Conversation.Key, e);
            }
        }
    }
}

/// <summary>An alert card posted in one alert channel, addressable for updates.</summary>
public sealed record AlertCard(IChatConversation Conversation, PostedMessage Message);
