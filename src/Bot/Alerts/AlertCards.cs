using System.Text.Json;
using Dapper;
using MailHa.Bot.Chat;
using MailHa.Operations.Journal;

namespace MailHa.Bot.Alerts;

/// <summary>
/// The state of an alert whose card is updated while its problem lasts (the failover proposal: where its cards went,
/// what they show, the request they follow), kept in the journal under the problem's name. A restart, or another
/// instance taking over the watch, reads it back and updates the cards already posted instead of posting new ones.
/// <typeparamref name="T"/> is the alert's own record (its values typed, <see cref="AlertCards.Format"/>), read back from
/// an older format by <see cref="IAlertCardState{TSelf}"/>; its cards are kept as addresses and opened again here.
/// </summary>
public sealed class AlertCards<T>(JournalDatabase journal, ChatConversations conversations)
    where T : class, IAlertCardState<T>
{
    public async Task<(T State, IReadOnlyList<AlertCard> Cards)?> LoadAsync(string problem, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string Document, long Format)?>(new CommandDefinition(
            "SELECT document, format FROM alert_cards WHERE problem = @problem", new { problem }, cancellationToken: cancellationToken));
        if (row is not { } kept)
        {
            return null;
        }

        var (state, cards) = kept.Format == AlertCards.Format
            ? JsonSerializer.Deserialize<Stored>(kept.Document, ChatStateJson.Options) is { } stored ? (stored.State, stored.Cards) : (null, [])
            : JsonSerializer.Deserialize<StoredFormat1>(kept.Document, ChatStateJson.Options) is { State: { } old } stored1 ? (T.FromFormat1(old), stored1.Cards) : (null, []);
        return state is null ? null : (state, [.. cards.Select(c => new AlertCard(conversations.Open(c.Conversation), c.Message))]);
    }

    public async Task SaveAsync(string problem, T state, IReadOnlyList<AlertCard> cards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cards);
        var document = JsonSerializer.Serialize(new Stored(state, [.. cards.Select(c => new StoredCard(c.Conversation.Address, c.Message))]), ChatStateJson.Options);
        await using var connection = await journal.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO alert_cards (problem, document, format) VALUES (@problem, @document, @format) ON CONFLICT (problem) DO UPDATE SET document = excluded.document, format = excluded.format",
            new { problem, document, format = AlertCards.Format },
            cancellationToken: cancellationToken));
    }

    public async Task ForgetAsync(string problem, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM alert_cards WHERE problem = @problem", new { problem }, cancellationToken: cancellationToken));
    }

    private sealed record Stored(T? State, IReadOnlyList<StoredCard> Cards);

    /// <summary>A row of format 1: its cards as now, its state in the alert's old shape.</summary>
    private sealed record StoredFormat1(JsonElement? State, IReadOnlyList<StoredCard> Cards);

    private sealed record StoredCard(ConversationAddress Conversation, PostedMessage Message);
}

/// <summary>The table of <see cref="AlertCards{T}"/> (one for every alert's state).</summary>
public static class AlertCards
{
    /// <summary>
    /// The shape of the documents written now: 2, the state's values typed (JSON of each value's case and facts). The
    /// rows written before (format 1, the state's words as they were shown) read through <see cref="IAlertCardState{TSelf}"/>.
    /// </summary>
    public const int Format = 2;

    /// <summary>The state of each card that is updated while its problem lasts.</summary>
    public static JournalSchema Schema { get; } = new("alert_cards",
    [
        new(
            Sqlite: """
            CREATE TABLE alert_cards (
                problem TEXT PRIMARY KEY,
                document TEXT NOT NULL
            );
            """,
            PostgreSql: """
            CREATE TABLE alert_cards (
                problem TEXT PRIMARY KEY,
                document TEXT NOT NULL
            );
            """,
            ShippedAs: 6),
        new(
            Sqlite: """
            ALTER TABLE alert_cards ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
            """,
            PostgreSql: """
            ALTER TABLE alert_cards ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
            """),
    ]);
}
