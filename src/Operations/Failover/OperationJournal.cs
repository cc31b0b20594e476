using Dapper;
using MailHa.Operations.Journal;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Failover;

/// <summary>Operations and their steps in the journal: what ran, what is done, what a re-run resumes.</summary>
public sealed class OperationJournal(JournalDatabase journal, TimeProvider time)
{
    /// <summary>Operations and their steps.</summary>
    public static JournalSchema Schema { get; } = new("operations",
    [
        new(
            Sqlite: """
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
            """,
            PostgreSql: """
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
            """,
            ShippedAs: 1),
    ]);

    public const string Running = "running";

    /// <summary>The newest operation that never finished (the process died or lost its connection), if any.</summary>
    public async Task<OperationRecord?> UnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<OperationRow>(new CommandDefinition(
            "SELECT id, kind, source, target, start_generation AS StartGeneration, requested_by AS RequestedBy, approved_by AS ApprovedBy, state, started_at AS StartedAt FROM operations WHERE state = 'running' ORDER BY started_at DESC LIMIT 1",
            cancellationToken: cancellationToken));
        if (row is null)
        {
            return null;
        }

        var done = (await connection.QueryAsync<StepRow>(new CommandDefinition(
            "SELECT step, ended_at AS EndedAt FROM operation_steps WHERE operation_id = @Id AND state = 'Done' ORDER BY ended_at",
            new { row.Id },
            cancellationToken: cancellationToken))).ToList();
        var last = done.Count > 0 ? new CompletedStep(done[^1].Step, DateTimeOffset.FromUnixTimeMilliseconds(done[^1].EndedAt ?? row.StartedAt)) : null;
        return row.ToRecord(done.Select(d => d.Step).ToHashSet(StringComparer.Ordinal), last);
    }

    /// <summary>One operation by its id (finished or not; its done steps as for a resume), or null.</summary>
    public async Task<OperationRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<OperationRow>(new CommandDefinition(
            "SELECT id, kind, source, target, start_generation AS StartGeneration, requested_by AS RequestedBy, approved_by AS ApprovedBy, state, started_at AS StartedAt FROM operations WHERE id = @id",
            new { id },
            cancellationToken: cancellationToken));
        return row?.ToRecord(new HashSet<string>(StringComparer.Ordinal), null);
    }

    /// <summary>The operations started at or after <paramref name="from"/>, oldest first (at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<OperationRecord>> StartedSinceAsync(DateTimeOffset from, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OperationRow>(new CommandDefinition(
            "SELECT id, kind, source, target, start_generation AS StartGeneration, requested_by AS RequestedBy, approved_by AS ApprovedBy, state, started_at AS StartedAt FROM operations WHERE started_at >= @from ORDER BY started_at LIMIT @limit",
            new { from = from.ToUnixTimeMilliseconds(), limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRecord(new HashSet<string>(StringComparer.Ordinal), null))];
    }

    /// <summary>The newest operation, or null while none ran.</summary>
    public async Task<OperationRecord?> LatestAsync(CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<OperationRow>(new CommandDefinition(
            "SELECT id, kind, source, target, start_generation AS StartGeneration, requested_by AS RequestedBy, approved_by AS ApprovedBy, state, started_at AS StartedAt FROM operations ORDER BY started_at DESC LIMIT 1",
            cancellationToken: cancellationToken));
        return row?.ToRecord(new HashSet<string>(StringComparer.Ordinal), null);
    }

    public async Task StartAsync(OperationRecord operation, string overrides, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await using var connection = await journal.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO operations (id, kind, source, target, start_generation, requested_by, approved_by, overrides, state, started_at)
            VALUES (@Id, @Kind, @Source, @Target, @StartGeneration, @RequestedBy, @ApprovedBy, @overrides, 'running', @StartedAt)
            ON CONFLICT (id) DO UPDATE SET approved_by = excluded.approved_by, overrides = excluded.overrides
            """,
            new
            {
                operation.Id,
                Kind = operation.Kind.ToString(),
                Source = operation.Source.Value,
                Target = operation.Target.Value,
                operation.StartGeneration,
                operation.RequestedBy,
                operation.ApprovedBy,
                overrides,
                StartedAt = operation.StartedAt.ToUnixTimeMilliseconds(),
            },
            cancellationToken: cancellationToken));
    }

    public async Task StepAsync(string operationId, string step, StepState state, string detail, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO operation_steps (operation_id, step, state, started_at, detail) VALUES (@operationId, @step, @State, @now, @detail)
            ON CONFLICT (operation_id, step) DO UPDATE SET state = excluded.state, detail = excluded.detail,
                ended_at = CASE WHEN excluded.state = 'Started' THEN NULL ELSE @now END,
                started_at = CASE WHEN excluded.state = 'Started' THEN @now ELSE operation_steps.started_at END
            """,
            new { operationId, step, State = state.ToString(), now, detail },
            cancellationToken: cancellationToken));
    }

    public async Task FinishAsync(string operationId, FailoverOutcome outcome, string summary, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE operations SET state = @State, ended_at = @now, summary = @summary WHERE id = @operationId",
            new { operationId, State = outcome.ToString().ToLowerInvariant(), now = time.GetUtcNow().ToUnixTimeMilliseconds(), summary },
            cancellationToken: cancellationToken));
    }

    private sealed record OperationRow(string Id, string Kind, string Source, string Target, long StartGeneration, string RequestedBy, string ApprovedBy, string State, long StartedAt)
    {
        public OperationRecord ToRecord(IReadOnlySet<string> done, CompletedStep? last) => new(
            Id, Enum.Parse<OperationKind>(Kind), new NodeName(Source), new NodeName(Target), StartGeneration, RequestedBy, ApprovedBy, State,
            DateTimeOffset.FromUnixTimeMilliseconds(StartedAt), done, last);
    }

    private sealed record StepRow(string Step, long? EndedAt);
}
