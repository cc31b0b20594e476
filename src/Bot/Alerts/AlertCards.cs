using System.Text.Json;
using Dapper;
using MailHa.Bot.Chat;
using MailHa.Operations.Journal;

namespace MailHa.Bot.Alerts;

/// <summary>
/// The state of an alert whose card is updated while its problem lasts (the failover proposal: where its cards went,
/// what they show, the request they follow), kept in the journal under the problem's name. A restart, or another
/// instance taking over the watch, reads it back and updates the cards already posted instead of posting new ones.
/// <typeparamref name="T"/> is the alert's own record; its cards are kept as addresses and opened again here.
/// </summary>
public sealed class AlertCards<T>(JournalDatabase journal, ChatConversations conversations)
    where T : class
{
    public async Task<(T State, IReadOnlyList<AlertCard> Cards)?> LoadAsync(string problem, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var document = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT document FROM alert_cards WHERE problem = @problem", new { problem }, cancellationToken: cancellationToken));
        if (document is null || JsonSerializer.Deserialize<Stored>(document, ChatStateJson.Options) is not { State: { } state } stored)
        {
            return null;
        }

        return (state, [.. stored.Cards.Select(c => new AlertCard(conversations.Open(c.Conversation), c.Message))]);
    }

    public async Task SaveAsync(string problem, T state, IReadOnlyList<AlertCard> cards, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cards);
        var document = JsonSerializer.Serialize(new Stored(state, [.. cards.Select(c => new StoredCard(c.Conversation.Address, c.Message))]), ChatStateJson.Options);
        await using var connection = await journal.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO alert_cards (problem, document) VALUES (@problem, @document) ON CONFLICT (problem) DO UPDATE SET document = excluded.document",
            new { problem, document },
            cancellationToken: cancellationToken));
    }

    public async Task ForgetAsync(string problem, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM alert_cards WHERE problem = @problem", new { problem }, cancellationToken: cancellationToken));
    }

    private sealed record Stored(T State, IReadOnlyList<StoredCard> Cards);

    private sealed record StoredCard(ConversationAddress Conversation, PostedMessage Message);
}

/// <summary>The table of <see cref="AlertCards{T}"/> (one for every alert's state).</summary>
public static class AlertCards
{
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
    ]);
}
