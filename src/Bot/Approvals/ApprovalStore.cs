using System.Text.Json;
using Dapper;
using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Operations.Journal;

namespace MailHa.Bot.Approvals;

/// <summary>
/// Where requests and their decisions are kept: the journal, one document per request, so a restart between
/// request and approval forgets nothing and an approval may land on any instance. What is kept is what can be
/// made again: the typed request (not its handler), the accounts of the requester and approvers (the people behind
/// them are looked up again, so a role removed since counts), and the addresses of the origin and of every card.
/// Every change is a compare-and-set on <see cref="PendingApproval.Version"/>: of two instances deciding the same
/// request at once, one wins and the other is told. Bounded: decided requests beyond <see cref="Capacity"/> are
/// dropped, oldest first.
/// </summary>
public sealed class ApprovalStore(JournalDatabase journal, IEnumerable<IApprovalKind> kinds, ChatConversations conversations, PersonDirectory people)
{
    /// <summary>A document per request, with a version for compare-and-set.</summary>
    public static JournalSchema Schema { get; } = new("approvals",
    [
        new(
            Sqlite: """
            CREATE TABLE approvals (
                id TEXT PRIMARY KEY,
                state TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                version INTEGER NOT NULL,
                document TEXT NOT NULL
            );
            CREATE INDEX approvals_state ON approvals (state, created_at);
            """,
            PostgreSql: """
            CREATE TABLE approvals (
                id TEXT PRIMARY KEY,
                state TEXT NOT NULL,
                created_at BIGINT NOT NULL,
                expires_at BIGINT NOT NULL,
                version BIGINT NOT NULL,
                document TEXT NOT NULL
            );
            CREATE INDEX approvals_state ON approvals (state, created_at);
            """,
            ShippedAs: 4),
    ]);

    private readonly Dictionary<string, IApprovalKind> _kinds = kinds.ToDictionary(k => k.Verb, StringComparer.Ordinal);

    public const int Capacity = 1_000;

    public async Task AddAsync(PendingApproval pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        await using var connection = await journal.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO approvals (id, state, created_at, expires_at, version, document) VALUES (@Id, @State, @CreatedAt, @ExpiresAt, 0, @Document)",
            Row(pending),
            cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            DELETE FROM approvals WHERE state <> 'Pending' AND id NOT IN
                (SELECT id FROM approvals WHERE state <> 'Pending' ORDER BY created_at DESC LIMIT @keep)
            """,
            new { keep = Capacity },
            cancellationToken: cancellationToken));
        pending.Version = 0;
    }

    /// <summary>
    /// Records a change of state, decision or cards of a request already added, if nobody else changed it since
    /// it was read: false when another instance (or another click) got there first, and nothing was written.
    /// </summary>
    public async Task<bool> SaveAsync(PendingApproval pending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pending);
        await using var connection = await journal.OpenAsync(cancellationToken);
        var written = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE approvals SET state = @State, document = @Document, version = version + 1 WHERE id = @Id AND version = @Version",
            Row(pending),
            cancellationToken: cancellationToken));
        if (written == 1)
        {
            pending.Version++;
        }

        return written == 1;
    }

    public async Task<PendingApproval?> FindAsync(string requestId, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<StoredRow>(new CommandDefinition(
            "SELECT id AS Id, version AS Version, document AS Document FROM approvals WHERE id = @requestId", new { requestId }, cancellationToken: cancellationToken));
        return row is null ? null : Read(requestId, row);
    }

    /// <summary>Requests still waiting for a decision, oldest first.</summary>
    public async Task<IReadOnlyList<PendingApproval>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<StoredRow>(new CommandDefinition(
            "SELECT id AS Id, version AS Version, document AS Document FROM approvals WHERE state = 'Pending' ORDER BY created_at, id", cancellationToken: cancellationToken));
        return [.. rows.Select(r => Read(r.Id, r))];
    }

    private static object Row(PendingApproval pending) => new
    {
        pending.Id,
        State = pending.State.ToString(),
        CreatedAt = pending.CreatedAt.ToUnixTimeMilliseconds(),
        ExpiresAt = pending.ExpiresAt.ToUnixTimeMilliseconds(),
        pending.Version,
        Document = JsonSerializer.Serialize(
            new Document(
                pending.Approvable.Verb,
                pending.Approvable.Request,
                pending.Requester.Account,
                pending.Fingerprint,
                pending.Summary,
                pending.Card,
                pending.Origin.Address,
                pending.CreatedAt,
                pending.ExpiresAt,
                pending.State,
                [.. pending.Approvals.Select(a => a.Account)],
                [.. pending.Cards.Select(c => new StoredCard(c.Conversation.Address, c.Message))],
                pending.Outcome),
            ChatStateJson.Options),
    };

    private PendingApproval Read(string id, StoredRow row)
    {
        var document = JsonSerializer.Deserialize<Document>(row.Document, ChatStateJson.Options)
            ?? throw new InvalidOperationException($"Approval request {id} has an empty document.");
        var pending = new PendingApproval
        {
            Id = id,
            Approvable = (_kinds.TryGetValue(document.Verb, out var kind) ? kind.Restore(document.Request) : null) ?? new Unavailable(document.Verb, document.Request),
            Requester = Caller(document.Requester),
            Fingerprint = document.Fingerprint,
            Summary = document.Summary,
            Card = document.Card,
            Origin = conversations.Open(document.Origin),
            CreatedAt = document.CreatedAt,
            ExpiresAt = document.ExpiresAt,
            State = document.State,
            Outcome = document.Outcome,
            Version = row.Version,
        };
        pending.Approvals.AddRange(document.Approvals.Select(Caller));
        pending.Cards.AddRange(document.Cards.Select(c => new ApprovalCard(conversations.Open(c.Conversation), c.Message)));
        return pending;
    }

    private Caller Caller(ChatUser account) => new(account, people.Resolve(account));

    private sealed record Document(
        string Verb,
        JsonElement Request,
        ChatUser Requester,
        string Fingerprint,
        string Summary,
        ChatMessage Card,
        ConversationAddress Origin,
        DateTimeOffset CreatedAt,
        DateTimeOffset ExpiresAt,
        ApprovalState State,
        IReadOnlyList<ChatUser> Approvals,
        IReadOnlyList<StoredCard> Cards,
        string Outcome);

    private sealed record StoredCard(ConversationAddress Conversation, PostedMessage Message);

    private sealed record StoredRow(string Id, long Version, string Document);

    /// <summary>A kept request this MailHa cannot run (its verb is gone after an upgrade): every approval of it is void.</summary>
    private sealed class Unavailable(string verb, JsonElement request) : IApprovable
    {
        public string Verb => verb;

        public JsonElement Request => request;

        public Task<ApprovalPreview> PreviewAsync(PreviewPurpose purpose, CancellationToken cancellationToken) =>
            Task.FromResult(new ApprovalPreview(verb, $"this MailHa has no '{verb}' to run", "", []));

        public Task<ApprovedOutcome> RunAsync(ApprovedRun run, CancellationToken cancellationToken) =>
            throw new InvalidOperationException($"this MailHa has no '{verb}' to run");
    }
}
