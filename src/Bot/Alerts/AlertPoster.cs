using MailHa.Bot.Chat;
using MailHa.Bot.Paging;
using MailHa.Operations.Reporting;

namespace MailHa.Bot.Alerts;

/// <summary>
/// Raises an <see cref="Alert"/>: logs it, posts its words (<see cref="AlertText"/>) to every alert channel on every
/// platform (one failing channel does not stop the others), pages it, and tells the observers (the metrics) what was
/// raised. A card raised with <see cref="RaiseAsync(Alert, AlertKind, ThreadSubject, CancellationToken)"/> starts the
/// thread of something (an outage) and can later be shown anew (<see cref="ShowAsync"/>) or raised again in place
/// (<see cref="RaiseOnAsync"/>) everywhere it went. <see cref="PostAsync"/> posts what is not an alert (a timeline, the
/// audit chain's head).
/// </summary>
public sealed class AlertPoster(
    AlertConversations conversations,
    ConversationThreads threads,
    Pager pager,
    IEnumerable<IReportObserver<AlertRaised>> observers,
    ILogger<AlertPoster> logger)
{
    /// <summary>Raises <paramref name="alert"/> as <paramref name="kind"/> of its streak in every alert channel.</summary>
    public async Task RaiseAsync(Alert alert, AlertKind kind, CancellationToken cancellationToken)
    {
        var message = Raised(alert, kind);
        await PostCardAsync(message, cancellationToken);
        await PagedAsync(alert, kind, cancellationToken);
    }

    /// <summary>Raises <paramref name="alert"/> in every alert channel as the thread of <paramref name="subject"/> (what follows replies there); returns where it went.</summary>
    public async Task<IReadOnlyList<AlertCard>> RaiseAsync(Alert alert, AlertKind kind, ThreadSubject subject, CancellationToken cancellationToken)
    {
        var message = Raised(alert, kind);
        var posted = await PostCardAsync(message, subject, cancellationToken);
        await PagedAsync(alert, kind, cancellationToken);
        return posted;
    }

    /// <summary>Raises <paramref name="alert"/> by replacing the cards raised before (the outage's end on its proposal).</summary>
    public async Task RaiseOnAsync(IReadOnlyList<AlertCard> cards, Alert alert, AlertKind kind, CancellationToken cancellationToken)
    {
        var message = Raised(alert, kind);
        await UpdateAsync(cards, message, cancellationToken);
        await PagedAsync(alert, kind, cancellationToken);
    }

    /// <summary>Shows <paramref name="alert"/> as it is now on the cards raised before, raising nothing.</summary>
    public Task ShowAsync(IReadOnlyList<AlertCard> cards, Alert alert, AlertKind kind, CancellationToken cancellationToken) =>
        UpdateAsync(cards, AlertText.Message(alert, kind), cancellationToken);

    private ChatMessage Raised(Alert alert, AlertKind kind)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var message = AlertText.Message(alert, kind);
        AlertLog.Raised(logger, kind, alert.Streak, message.Title);
        return message;
    }

    private async Task PagedAsync(Alert alert, AlertKind kind, CancellationToken cancellationToken)
    {
        if (AlertText.Page(alert, kind) is { } page)
        {
            pager.Page(page);
        }

        await observers.NotifyAsync(new AlertRaised(alert, kind), TimeSpan.Zero, cancellationToken);
    }

    public async Task<int> PostAsync(ChatMessage message, CancellationToken cancellationToken) =>
        (await PostCardAsync(message, cancellationToken)).Count;

    /// <summary>Posts to every alert channel and returns where it went.</summary>
    private async Task<IReadOnlyList<AlertCard>> PostCardAsync(ChatMessage message, CancellationToken cancellationToken)
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
    private async Task<IReadOnlyList<AlertCard>> PostCardAsync(ChatMessage message, ThreadSubject subject, CancellationToken cancellationToken)
    {
        var posted = await PostCardAsync(message, cancellationToken);
        await threads.SaveAsync(subject, posted.Select(c => new ThreadRoot(c.Conversation, c.Message)), cancellationToken);
        return posted;
    }

    /// <summary>Replaces the card everywhere it was posted.</summary>
    private async Task UpdateAsync(IReadOnlyList<AlertCard> cards, ChatMessage message, CancellationToken cancellationToken)
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
