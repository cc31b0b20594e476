using System.Text.Json;
using Dapper;
using MailHa.Operations.Journal;

namespace MailHa.Bot.Chat;

/// <summary>
/// Where the conversation about something lives: the messages posted for it (a request's approval cards, an outage's
/// failover proposal cards), written when they are posted and read by whatever follows later in their threads (the
/// incident timeline, when the operation ends). Kept in the journal, so the instance that follows up need not be the one
/// that posted. Bounded: beyond <see cref="Capacity"/> subjects the oldest are dropped.
/// </summary>
public sealed class ConversationThreads(JournalDatabase journal, ChatConversations conversations, TimeProvider time)
{
    public const int Capacity = 1_000;

    /// <summary>One row per subject: where its messages went.</summary>
    public static JournalSchema Schema { get; } = new("conversation_threads",
    [
        new(
            Sqlite: """
            CREATE TABLE conversation_threads (
                subject TEXT PRIMARY KEY,
                saved_at INTEGER NOT NULL,
                document TEXT NOT NULL
            );
            CREATE INDEX conversation_threads_saved ON conversation_threads (saved_at);
            """,
            PostgreSql: """
            CREATE TABLE conversation_threads (
                subject TEXT PRIMARY KEY,
                saved_at BIGINT NOT NULL,
                document TEXT NOT NULL
            );
            CREATE INDEX conversation_threads_saved ON conversation_threads (saved_at);
            """),
    ]);

    /// <summary>Records the messages <paramref name="subject"/>'s thread starts from (replacing what was recorded for it); nothing when none was posted.</summary>
    public async Task SaveAsync(ThreadSubject subject, IEnumerable<ThreadRoot> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(messages);
        List<StoredRoot> stored = [.. messages.Select(m => new StoredRoot(m.Conversation.Address, m.Message))];
        if (stored.Count == 0)
        {
            return;
        }

        var document = JsonSerializer.Serialize(stored, ChatStateJson.Options);
        await using var connection = await journal.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO conversation_threads (subject, saved_at, document) VALUES (@subject, @savedAt, @document)
            ON CONFLICT (subject) DO UPDATE SET saved_at = excluded.saved_at, document = excluded.document
            """,
            new { subject = subject.Key, savedAt = time.GetUtcNow().ToUnixTimeMilliseconds(), document },
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM conversation_threads WHERE subject NOT IN (SELECT subject FROM conversation_threads ORDER BY saved_at DESC LIMIT @keep)",
            new { keep = Capacity },
            cancellationToken: cancellationToken));
    }

    /// <summary>The messages <paramref name="subject"/>'s thread starts from, each in its conversation opened again; empty when none is known.</summary>
    public async Task<IReadOnlyList<ThreadRoot>> FindAsync(ThreadSubject subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        await using var connection = await journal.OpenAsync(cancellationToken);
        var document = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT document FROM conversation_threads WHERE subject = @subject", new { subject = subject.Key }, cancellationToken: cancellationToken));
        var stored = document is null ? null : JsonSerializer.Deserialize<List<StoredRoot>>(document, ChatStateJson.Options);
        return stored is null ? [] : [.. stored.Select(s => new ThreadRoot(conversations.Open(s.Conversation), s.Message))];
    }

    private sealed record StoredRoot(ConversationAddress Conversation, PostedMessage Message);
}

/// <summary>What a thread is about.</summary>
public abstract record ThreadSubject
{
    /// <summary>The subject's key in the journal.</summary>
    internal abstract string Key { get; }
}

/// <summary>A request for approval: its cards (where it was asked for and every approval channel).</summary>
public sealed record RequestThread(string RequestId) : ThreadSubject
{
    internal override string Key => $"request:{RequestId}";
}

/// <summary>An outage of an active node (its name, <c>OutageName</c>): its failover proposal's cards.</summary>
public sealed record OutageThread(string OutageName) : ThreadSubject
{
    internal override string Key => $"outage:{OutageName}";
}

/// <summary>The message a thread starts from (its root), in the conversation it was posted in.</summary>
public sealed record ThreadRoot(IChatConversation Conversation, PostedMessage Message);
