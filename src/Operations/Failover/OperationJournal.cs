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
        new(
            Sqlite: """
            ALTER TABLE operations ADD COLUMN service TEXT NOT NULL DEFAULT '';
            """,
            PostgreSql: """
            ALTER TABLE operations ADD COLUMN service TEXT NOT NULL DEFAULT '';
            """),
    ])
    {
        LegacyServiceTables = ["operations"],
    };

    public const string Running = "running";

    private const string Columns = "service, id, kind, source, target, start_generation AS StartGeneration, requested_by AS RequestedBy, approved_by AS ApprovedBy, state, started_at AS StartedAt";

    /// <summary>The service's newest operation that never finished (the process died or lost its connection), if any.</summary>
    public async Task<OperationRecord?> UnfinishedAsync(ServiceName service, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<OperationRow>(new CommandDefinition(
            $"SELECT {Columns} FROM operations WHERE state = 'running' AND service = @service ORDER BY started_at DESC LIMIT 1",
            new { service = service.Value },
            cancellationToken: cancellationToken));
        return row is null ? null : await WithStepsAsync(connection, row, cancellationToken);
    }

    /// <summary>Every service's operation that never finished, newest first.</summary>
    public async Task<IReadOnlyList<OperationRecord>> UnfinishedAsync(CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OperationRow>(new CommandDefinition(
            $"SELECT {Columns} FROM operations WHERE state = 'running' ORDER BY started_at DESC",
            cancellationToken: cancellationToken));
        var records = new List<OperationRecord>();
        foreach (var row in rows)
        {
            records.Add(await WithStepsAsync(connection, row, cancellationToken));
        }

        return records;
    }

    private static async Task<OperationRecord> WithStepsAsync(System.Data.Common.DbConnection connection, OperationRow row, CancellationToken cancellationToken)
    {
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
            $"SELECT {Columns} FROM operations WHERE id = @id",
            new { id },
            cancellationToken: cancellationToken));
        return row?.ToRecord(new HashSet<string>(StringComparer.Ordinal), null);
    }

    /// <summary>The operations started at or after <paramref name="from"/>, oldest first (at most <paramref name="limit"/>).</summary>
    public async Task<IReadOnlyList<OperationRecord>> StartedSinceAsync(DateTimeOffset from, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<OperationRow>(new CommandDefinition(
            $"SELECT {Columns} FROM operations WHERE started_at >= @from ORDER BY started_at LIMIT @limit",
            new { from = from.ToUnixTimeMilliseconds(), limit },
            cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToRecord(new HashSet<string>(StringComparer.Ordinal), null))];
    }

    /// <summary>The newest operation, or null while none ran.</summary>
    public async Task<OperationRecord?> LatestAsync(CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<OperationRow>(new CommandDefinition(
            $"SELECT {Columns} FROM operations ORDER BY started_at DESC LIMIT 1",
            cancellationToken: cancellationToken));
        return row?.ToRecord(new HashSet<string>(StringComparer.Ordinal), null);
    }

    /// <summary>
    /// Records <paramref name="operation"/> as running if <paramref name="check"/> finds room for it on its target, in one
    /// transaction under the journal's placement lock (SQLite's write lock, PostgreSQL's advisory lock), so two moves onto
    /// one node are judged one after the other. <paramref name="check"/> is given where every service runs, or is being
    /// moved to by an operation still running (the recorded roles, then the running operations' targets) and returns the
    /// refusal (its caller's own type), or null. Returns that refusal; null when the operation was recorded.
    /// </summary>
    public async Task<TRefusal?> ReserveAsync<TRefusal>(OperationRecord operation, string overrides, Func<IReadOnlyDictionary<ServiceName, NodeName>, TRefusal?> check, CancellationToken cancellationToken)
        where TRefusal : class
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(check);
        await using var connection = await journal.OpenAsync(cancellationToken);
        await using var transaction = await journal.BeginExclusiveAsync(connection, "placement", cancellationToken);

        // The roles table is the role store's: read here, in the same transaction, only to know where services run.
        var placed = (await connection.QueryAsync<(string Service, string Active)>(new CommandDefinition(
                """
                SELECT r.service, r.active FROM service_roles r
                WHERE r.generation = (SELECT MAX(generation) FROM service_roles m WHERE m.service = r.service)
                """,
                transaction: transaction,
                cancellationToken: cancellationToken)))
            .ToDictionary(r => new ServiceName(r.Service), r => new NodeName(r.Active));
        foreach (var (service, target) in await connection.QueryAsync<(string Service, string Target)>(new CommandDefinition(
            "SELECT service, target FROM operations WHERE state = 'running' AND service <> ''", transaction: transaction, cancellationToken: cancellationToken)))
        {
            placed[new ServiceName(service)] = new NodeName(target);
        }

        if (check(placed) is { } refusal)
        {
            return refusal;
        }

        await InsertAsync(connection, transaction, operation, overrides, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    public async Task StartAsync(OperationRecord operation, string overrides, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        await using var connection = await journal.OpenAsync(cancellationToken);
        await InsertAsync(connection, null, operation, overrides, cancellationToken);
    }

    private static Task<int> InsertAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, OperationRecord operation, string overrides, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO operations (service, id, kind, source, target, start_generation, requested_by, approved_by, overrides, state, started_at)
            VALUES (@Service, @Id, @Kind, @Source, @Target, @StartGeneration, @RequestedBy, @ApprovedBy, @overrides, 'running', @StartedAt)
            ON CONFLICT (id) DO UPDATE SET approved_by = excluded.approved_by, overrides = excluded.overrides
            """,
            new
            {
                Service = operation.Service.Value,
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
            transaction,
            cancellationToken: cancellationToken));

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

    private sealed record OperationRow(string Service, string Id, string Kind, string Source, string Target, long StartGeneration, string RequestedBy, string ApprovedBy, string State, long StartedAt)
    {
        public OperationRecord ToRecord(IReadOnlySet<string> done, CompletedStep? last) => new(
            new ServiceName(Service),
            Id, Enum.Parse<OperationKind>(Kind), new NodeName(Source), new NodeName(Target), StartGeneration, RequestedBy, ApprovedBy, State,
            DateTimeOffset.FromUnixTimeMilliseconds(StartedAt), done, last);
    }

    private sealed record StepRow(string Step, long? EndedAt);
}
