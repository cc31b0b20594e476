namespace MailHa.Operations.Journal;

/// <summary>The journal's tables; every statement is idempotent so any version may open the file.</summary>
internal static class JournalSchema
{
    public const string Sql = """
        PRAGMA journal_mode = WAL;

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
        """;
}
