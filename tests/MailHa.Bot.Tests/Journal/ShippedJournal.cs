using System.Data.Common;
using Dapper;
using MailHa.Operations.Journal;

namespace MailHa.Bot.Tests.Journal;

/// <summary>
/// The journal as MailHa shipped it until each module owned its tables (main at b06d371): one list of seven
/// migrations for every table, recorded in <c>schema_version</c>. Frozen here, never edited, so that the upgrade from
/// a database that release created is tested against what it really created.
/// </summary>
internal static class ShippedJournal
{
    public const int Latest = 7;

    /// <summary>Creates, on an empty database, what that release's migrations 1 to <paramref name="upTo"/> created, recorded as it recorded them.</summary>
    public static async Task CreateAsync(DbConnection connection, StorageProvider provider, int upTo, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            provider == StorageProvider.PostgreSql
                ? "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)"
                : "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)",
            transaction: transaction,
            cancellationToken: cancellationToken));
        var migrations = provider == StorageProvider.PostgreSql ? PostgreSql : Sqlite;
        for (var version = 1; version <= upTo; version++)
        {
            await connection.ExecuteAsync(new CommandDefinition(migrations[version - 1], transaction: transaction, cancellationToken: cancellationToken));
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_version (version, applied_at) VALUES (@version, 0)", new { version }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static readonly IReadOnlyList<string> Sqlite =
    [
        """
        CREATE TABLE IF NOT EXISTS mirror_runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            started_at INTEGER NOT NULL,
            ended_at INTEGER NOT NULL,
            trigger TEXT NOT NULL,
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            generation INTEGER NOT NULL,
            outcome TEXT NOT NULL,
            exit_code INTEGER,
            message TEXT NOT NULL,
            files_total INTEGER,
            regular_files INTEGER,
            files_transferred INTEGER,
            files_created INTEGER,
            files_deleted INTEGER,
            bytes_sent INTEGER,
            bytes_received INTEGER,
            total_size INTEGER
        );
        CREATE INDEX IF NOT EXISTS mirror_runs_outcome ON mirror_runs (outcome, id);

        CREATE TABLE IF NOT EXISTS roles (
            generation INTEGER PRIMARY KEY,
            active TEXT NOT NULL,
            standby TEXT NOT NULL,
            mirror_paused INTEGER NOT NULL,
            changed_at INTEGER NOT NULL,
            changed_by TEXT NOT NULL,
            reason TEXT NOT NULL
        );

        CREATE TABLE IF NOT EXISTS operation_lock (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            operation_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            holder TEXT NOT NULL,
            since INTEGER NOT NULL,
            process TEXT NOT NULL
        );

        CREATE TABLE IF NOT EXISTS operations (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            start_generation INTEGER NOT NULL,
            requested_by TEXT NOT NULL,
            approved_by TEXT NOT NULL,
            overrides TEXT NOT NULL,
            state TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            ended_at INTEGER,
            summary TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE IF NOT EXISTS operation_steps (
            operation_id TEXT NOT NULL REFERENCES operations (id),
            step TEXT NOT NULL,
            state TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            ended_at INTEGER,
            detail TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (operation_id, step)
        );

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
        """
        ALTER TABLE operation_lock ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;

        CREATE TABLE leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            acquired_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL
        );

        CREATE TABLE job_slots (
            job TEXT NOT NULL,
            slot INTEGER NOT NULL,
            holder TEXT NOT NULL,
            claimed_at INTEGER NOT NULL,
            PRIMARY KEY (job, slot)
        );
        """,
        """
        CREATE TABLE chat_deliveries (
            key TEXT PRIMARY KEY,
            seen_at INTEGER NOT NULL
        );

        CREATE TABLE teams_service_urls (
            url TEXT PRIMARY KEY,
            seen_at INTEGER NOT NULL
        );

        CREATE TABLE alert_streaks (
            problem TEXT PRIMARY KEY,
            last_alert_at INTEGER NOT NULL
        );
        """,
        """
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
        """
        ALTER TABLE mirror_runs ADD COLUMN outcome_detail TEXT;
        """,
        """
        CREATE TABLE alert_cards (
            problem TEXT PRIMARY KEY,
            document TEXT NOT NULL
        );
        """,
        """
        CREATE INDEX chat_deliveries_seen_at ON chat_deliveries (seen_at);
        """,
    ];

    /// <summary>
    /// Integers are BIGINT so every column reads back as the <c>long</c> the SQLite code maps. The
    /// audit table is append-only twice over: a trigger refuses UPDATE, DELETE and TRUNCATE, and the
    /// privileges to do them are revoked from everyone, the owner included.
    /// </summary>
    private static readonly IReadOnlyList<string> PostgreSql =
    [
        """
        CREATE TABLE mirror_runs (
            id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            started_at BIGINT NOT NULL,
            ended_at BIGINT NOT NULL,
            trigger TEXT NOT NULL,
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            generation BIGINT NOT NULL,
            outcome TEXT NOT NULL,
            exit_code BIGINT,
            message TEXT NOT NULL,
            files_total BIGINT,
            regular_files BIGINT,
            files_transferred BIGINT,
            files_created BIGINT,
            files_deleted BIGINT,
            bytes_sent BIGINT,
            bytes_received BIGINT,
            total_size BIGINT
        );
        CREATE INDEX mirror_runs_outcome ON mirror_runs (outcome, id);

        CREATE TABLE roles (
            generation BIGINT PRIMARY KEY,
            active TEXT NOT NULL,
            standby TEXT NOT NULL,
            mirror_paused BIGINT NOT NULL,
            changed_at BIGINT NOT NULL,
            changed_by TEXT NOT NULL,
            reason TEXT NOT NULL
        );

        CREATE TABLE operation_lock (
            id BIGINT PRIMARY KEY CHECK (id = 1),
            operation_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            holder TEXT NOT NULL,
            since BIGINT NOT NULL,
            process TEXT NOT NULL
        );

        CREATE TABLE operations (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            source TEXT NOT NULL,
            target TEXT NOT NULL,
            start_generation BIGINT NOT NULL,
            requested_by TEXT NOT NULL,
            approved_by TEXT NOT NULL,
            overrides TEXT NOT NULL,
            state TEXT NOT NULL,
            started_at BIGINT NOT NULL,
            ended_at BIGINT,
            summary TEXT NOT NULL DEFAULT ''
        );

        CREATE TABLE operation_steps (
            operation_id TEXT NOT NULL REFERENCES operations (id),
            step TEXT NOT NULL,
            state TEXT NOT NULL,
            started_at BIGINT NOT NULL,
            ended_at BIGINT,
            detail TEXT NOT NULL DEFAULT '',
            PRIMARY KEY (operation_id, step)
        );

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
        """
        ALTER TABLE operation_lock ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;

        CREATE TABLE leases (
            name TEXT PRIMARY KEY,
            holder TEXT NOT NULL,
            acquired_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL
        );

        CREATE TABLE job_slots (
            job TEXT NOT NULL,
            slot BIGINT NOT NULL,
            holder TEXT NOT NULL,
            claimed_at BIGINT NOT NULL,
            PRIMARY KEY (job, slot)
        );
        """,
        """
        CREATE TABLE chat_deliveries (
            key TEXT PRIMARY KEY,
            seen_at BIGINT NOT NULL
        );

        CREATE TABLE teams_service_urls (
            url TEXT PRIMARY KEY,
            seen_at BIGINT NOT NULL
        );

        CREATE TABLE alert_streaks (
            problem TEXT PRIMARY KEY,
            last_alert_at BIGINT NOT NULL
        );
        """,
        """
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
        """
        ALTER TABLE mirror_runs ADD COLUMN outcome_detail TEXT;
        """,
        """
        CREATE TABLE alert_cards (
            problem TEXT PRIMARY KEY,
            document TEXT NOT NULL
        );
        """,
        """
        CREATE INDEX chat_deliveries_seen_at ON chat_deliveries (seen_at);
        """,
    ];
}
