using System.Security.Cryptography;
using System.Text;
using Dapper;
using MailHa.Operations.Journal;

namespace MailHa.Operations.Audit;

/// <summary>
/// Append-only audit trail in the journal. Each entry's hash covers its fields and the previous
/// entry's hash, so editing or removing any entry breaks the chain from there on (<c>mailha audit verify</c>).
/// The database itself refuses UPDATE and DELETE (triggers; on PostgreSQL also revoked privileges). A rewrite of the
/// whole chain by someone with full access is caught only against a head kept outside (<see cref="AuditHead"/>).
/// </summary>
public sealed class AuditLog(JournalDatabase journal, TimeProvider time)
{
    /// <summary>The chain, append-only twice over on PostgreSQL: a trigger refuses UPDATE, DELETE and TRUNCATE, and the privileges to do them are revoked from everyone, the owner included.</summary>
    public static JournalSchema Schema { get; } = new("audit",
    [
        new(
            Sqlite: """
            CREATE TABLE IF NOT EXISTS audit (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                platform TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                outcome TEXT NOT NULL,
                detail TEXT NOT NULL,
                chat_ref TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
                BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
                BEGIN SELECT RAISE(ABORT, 'audit is append-only'); END;
            """,
            PostgreSql: """
            CREATE TABLE audit (
                seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                at BIGINT NOT NULL,
                actor TEXT NOT NULL,
                platform TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                outcome TEXT NOT NULL,
                detail TEXT NOT NULL,
                chat_ref TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            CREATE FUNCTION mailha_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'audit is append-only'; END $$;
            CREATE TRIGGER audit_no_update_delete BEFORE UPDATE OR DELETE ON audit
                FOR EACH ROW EXECUTE FUNCTION mailha_audit_append_only();
            CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
                FOR EACH STATEMENT EXECUTE FUNCTION mailha_audit_append_only();
            REVOKE UPDATE, DELETE, TRUNCATE ON audit FROM PUBLIC, CURRENT_USER;
            """,
            ShippedAs: 1),
    ]);

    private const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public async Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var record = AuditColumns.Write(auditEvent);
        // Appenders take turns before the previous hash is read, so concurrent appenders (bot, CLI,
        // another instance) cannot fork the chain.
        await using var connection = await journal.OpenAsync(cancellationToken);
        await using var transaction = await journal.BeginExclusiveAsync(connection, "audit", cancellationToken);
        var previous = await connection.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            "SELECT hash FROM audit ORDER BY seq DESC LIMIT 1", transaction: transaction, cancellationToken: cancellationToken)) ?? Genesis;
        var at = time.GetUtcNow();
        var atMs = at.ToUnixTimeMilliseconds();
        var hash = Hash(previous, atMs, record.Actor, record.Platform, record.Action, record.Subject, record.Outcome, record.Detail, record.ChatRef);
        var seq = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            """
            INSERT INTO audit (at, actor, platform, action, subject, outcome, detail, chat_ref, prev_hash, hash)
            VALUES (@atMs, @Actor, @Platform, @Action, @Subject, @Outcome, @Detail, @ChatRef, @previous, @hash)
            RETURNING seq
            """,
            new { atMs, record.Actor, record.Platform, record.Action, record.Subject, record.Outcome, record.Detail, record.ChatRef, previous, hash },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new AuditEntry(seq, DateTimeOffset.FromUnixTimeMilliseconds(atMs), record.Actor, record.Platform, record.Action, record.Subject, record.Outcome, record.Detail, record.ChatRef, previous, hash);
    }

    public async Task<IReadOnlyList<AuditEntry>> RecentAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT seq, at, actor, platform, action, subject, outcome, detail, chat_ref AS ChatRef, prev_hash AS PrevHash, hash FROM audit ORDER BY seq DESC LIMIT @limit",
            new { limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEntry())];
    }

    /// <summary>The entries recorded at or after <paramref name="from"/>, oldest first (at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<AuditEntry>> SinceAsync(DateTimeOffset from, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT seq, at, actor, platform, action, subject, outcome, detail, chat_ref AS ChatRef, prev_hash AS PrevHash, hash FROM audit WHERE at >= @from ORDER BY seq LIMIT @limit",
            new { from = from.ToUnixTimeMilliseconds(), limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToEntry())];
    }

    /// <summary>The chain's head now (its newest entry), or null while nothing was recorded.</summary>
    public async Task<AuditHead?> HeadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<AuditHead>(new CommandDefinition(
            "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Walks the whole chain; with <paramref name="kept"/>, a head someone kept outside the database, the chain must also
    /// still extend it: the entry at its sequence number still has its hash.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(AuditHead? kept, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            "SELECT seq, at, actor, platform, action, subject, outcome, detail, chat_ref AS ChatRef, prev_hash AS PrevHash, hash FROM audit ORDER BY seq",
            cancellationToken: cancellationToken));
        var previous = Genesis;
        long count = 0;
        AuditHead? head = null;
        string? keptHash = null;
        foreach (var row in rows)
        {
            count++;
            var expected = Hash(previous, row.At, row.Actor, row.Platform, row.Action, row.Subject, row.Outcome, row.Detail, row.ChatRef);
            if (row.PrevHash != previous || row.Hash != expected)
            {
                return new AuditVerification(false, count, row.Seq,
                    $"entry {row.Seq} does not match the chain: it or an entry before it was altered or removed");
            }

            previous = row.Hash;
            head = new AuditHead(row.Seq, row.Hash);
            keptHash = row.Seq == kept?.Seq ? row.Hash : keptHash;
        }

        return (kept, keptHash) switch
        {
            (null, _) => new AuditVerification(true, count, null, $"{count} entries, chain intact; head {Describe(head)}", head),
            (_, null) => new AuditVerification(false, count, null,
                $"the chain has no entry {kept.Seq} (head {Describe(head)}): it does not extend the kept head {kept}", head),
            _ when keptHash != kept.Hash => new AuditVerification(false, count, kept.Seq,
                $"entry {kept.Seq} has hash {keptHash}, the kept head says {kept.Hash}: the chain was rewritten since that head was kept", head),
            _ => new AuditVerification(true, count, null, $"{count} entries, chain intact and extends the kept head {kept}; head {Describe(head)}", head),
        };
    }

    private static string Describe(AuditHead? head) => head?.ToString() ?? "none (empty)";

    private static string Hash(string previous, long at, params string[] fields)
    {
        var builder = new StringBuilder(previous).Append('\n').Append(at);
        foreach (var field in fields)
        {
            // Length-prefixed so no field boundary can be shifted without changing the hash.
            builder.Append('\n').Append(field.Length).Append(':').Append(field);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    private sealed record Row(long Seq, long At, string Actor, string Platform, string Action, string Subject, string Outcome, string Detail, string ChatRef, string PrevHash, string Hash)
    {
        public AuditEntry ToEntry() => new(Seq, DateTimeOffset.FromUnixTimeMilliseconds(At), Actor, Platform, Action, Subject, Outcome, Detail, ChatRef, PrevHash, Hash);
    }
}
