using System.Data.Common;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Journal;

/// <summary>
/// One operation per service at a time across chat, the CLI, jobs and every instance (operations on different services
/// run at once): a row per service in the journal with an expiry that the running process renews (<see cref="KeepAlive"/>). A lease that
/// expired, or whose process on this machine is gone, is stale and is taken over (that is how an
/// interrupted operation is resumed, on this instance or another). A live holder always wins, even
/// against its own operation id: a second request must never join an operation that is still running.
/// </summary>
public sealed partial class OperationLock(JournalDatabase journal, InstanceIdentity instance, IOptions<JournalOptions> options, TimeProvider time, ILogger<OperationLock> logger)
{
    /// <summary>
    /// The lease's row. 2: it expires unless renewed. 3: a row per service in <c>operation_leases</c>; the one pair's
    /// lease is copied there unclaimed and becomes the first service's (<see cref="JournalSchema.LegacyServiceTables"/>).
    /// </summary>
    public static JournalSchema Schema { get; } = new("operation_lock",
    [
        new(
            Sqlite: """
            CREATE TABLE IF NOT EXISTS operation_lock (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                operation_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                holder TEXT NOT NULL,
                since INTEGER NOT NULL,
                process TEXT NOT NULL
            );
            """,
            PostgreSql: """
            CREATE TABLE operation_lock (
                id BIGINT PRIMARY KEY CHECK (id = 1),
                operation_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                holder TEXT NOT NULL,
                since BIGINT NOT NULL,
                process TEXT NOT NULL
            );
            """,
            ShippedAs: 1),
        new(
            Sqlite: """
            ALTER TABLE operation_lock ADD COLUMN expires_at INTEGER NOT NULL DEFAULT 0;
            """,
            PostgreSql: """
            ALTER TABLE operation_lock ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
            """,
            ShippedAs: 2),
        new(
            Sqlite: """
            CREATE TABLE operation_leases (
                service TEXT PRIMARY KEY,
                operation_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                holder TEXT NOT NULL,
                since INTEGER NOT NULL,
                process TEXT NOT NULL,
                expires_at INTEGER NOT NULL
            );
            INSERT INTO operation_leases (service, operation_id, kind, holder, since, process, expires_at)
                SELECT '', operation_id, kind, holder, since, process, expires_at FROM operation_lock;
            """,
            PostgreSql: """
            CREATE TABLE operation_leases (
                service TEXT PRIMARY KEY,
                operation_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                holder TEXT NOT NULL,
                since BIGINT NOT NULL,
                process TEXT NOT NULL,
                expires_at BIGINT NOT NULL
            );
            INSERT INTO operation_leases (service, operation_id, kind, holder, since, process, expires_at)
                SELECT '', operation_id, kind, holder, since, process, expires_at FROM operation_lock;
            """),
    ])
    {
        LegacyServiceTables = ["operation_leases"],
    };

    private const string Select = "SELECT service AS Service, operation_id AS OperationId, kind, holder, since, process AS Process, expires_at AS ExpiresAt FROM operation_leases";

    private readonly ILogger _logger = logger;

    private TimeSpan Duration => options.Value.LeaseDuration;

    private JournalAvailability Availability => journal.Availability;

    /// <summary>Takes <paramref name="service"/>'s lease, or returns the live lease that holds it.</summary>
    public async Task<(bool Acquired, OperationLease Lease)> TryAcquireAsync(ServiceName service, string operationId, string kind, string holder, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        await using var transaction = await journal.BeginExclusiveAsync(connection, "operation_lock", cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LockRow>(new CommandDefinition(Select + " WHERE service = @service", new { service = service.Value }, transaction: transaction, cancellationToken: cancellationToken));
        var now = time.GetUtcNow();
        if (row is not null && !row.IsStale(now))
        {
            return (false, row.ToLease());
        }

        var lease = new OperationLease(operationId, kind, holder, now, instance.Id, now + Duration) { Service = service };
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO operation_leases (service, operation_id, kind, holder, since, process, expires_at) VALUES (@Service, @OperationId, @Kind, @Holder, @Since, @Instance, @ExpiresAt)
            ON CONFLICT (service) DO UPDATE SET operation_id = excluded.operation_id, kind = excluded.kind, holder = excluded.holder,
                since = excluded.since, process = excluded.process, expires_at = excluded.expires_at
            """,
            new { Service = service.Value, lease.OperationId, lease.Kind, lease.Holder, Since = now.ToUnixTimeMilliseconds(), lease.Instance, ExpiresAt = lease.ExpiresAt.ToUnixTimeMilliseconds() },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return (true, lease);
    }

    /// <summary>Pushes the expiry out; false when this instance no longer holds the lease for <paramref name="operationId"/>.</summary>
    public async Task<bool> RenewAsync(string operationId, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var renewed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE operation_leases SET expires_at = @expires WHERE operation_id = @operationId AND process = @process",
            new { operationId, process = instance.Id, expires = (time.GetUtcNow() + Duration).ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return renewed == 1;
    }

    public async Task ReleaseAsync(string operationId, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM operation_leases WHERE operation_id = @operationId AND process = @process",
            new { operationId, process = instance.Id },
            cancellationToken: cancellationToken));
    }

    /// <summary>
    /// The leases holders left behind (expired, or their process gone) that nobody has taken since: what runs that died
    /// leave, one per service at most; empty when there are none.
    /// </summary>
    public async Task<IReadOnlyList<OperationLease>> AbandonedAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return [.. (await RowsAsync(cancellationToken)).Where(r => r.IsStale(now)).Select(r => r.ToLease())];
    }

    /// <summary><paramref name="service"/>'s current lease, or null when nothing runs on it (stale leases count as nothing).</summary>
    public async Task<OperationLease?> GetAsync(ServiceName service, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LockRow>(new CommandDefinition(Select + " WHERE service = @service", new { service = service.Value }, cancellationToken: cancellationToken));
        return row is null || row.IsStale(time.GetUtcNow()) ? null : row.ToLease();
    }

    /// <summary>The live leases of every service.</summary>
    public async Task<IReadOnlyList<OperationLease>> GetAllAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return [.. (await RowsAsync(cancellationToken)).Where(r => !r.IsStale(now)).Select(r => r.ToLease())];
    }

    private async Task<IReadOnlyList<LockRow>> RowsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        return [.. await connection.QueryAsync<LockRow>(new CommandDefinition(Select + " ORDER BY service", cancellationToken: cancellationToken))];
    }

    /// <summary>
    /// Renews the lease every third of its duration until disposed. <see cref="Renewal.Lost"/> is
    /// cancelled when a renewal finds the lease taken (this instance stalled past the expiry and
    /// another took over): the holder must stop before its next step.
    /// </summary>
    public Renewal KeepAlive(string operationId) => new(this, operationId, Duration / 3, time);

    public sealed class Renewal : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly CancellationTokenSource _lost = new();
        private readonly Task _loop;

        internal Renewal(OperationLock owner, string operationId, TimeSpan every, TimeProvider time)
        {
            _loop = Task.Run(() => RenewLoopAsync(owner, operationId, every, time));
        }

        public CancellationToken Lost => _lost.Token;

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
            _lost.Dispose();
        }

        private async Task RenewLoopAsync(OperationLock owner, string operationId, TimeSpan every, TimeProvider time)
        {
            using var timer = new PeriodicTimer(every, time);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    try
                    {
                        if (!await owner.RenewAsync(operationId, _stop.Token))
                        {
                            LeaseLost(owner._logger, operationId);
                            await _lost.CancelAsync();
                            return;
                        }
                    }
                    catch (Exception e) when (owner.Availability.Unreachable(e) is not null)
                    {
                        // Logged once per outage by the journal: keep trying; the lease holds until it would expire.
                    }
                    catch (DbException e)
                    {
                        // The database is briefly unreachable: keep trying until the lease would expire.
                        RenewalFailed(owner._logger, operationId, e);
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Operation {OperationId}: the lease was taken over by another instance; stopping before the next step")]
    private static partial void LeaseLost(ILogger logger, string operationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operation {OperationId}: renewing the lease failed; retrying")]
    private static partial void RenewalFailed(ILogger logger, string operationId, Exception exception);

    private sealed record LockRow(string Service, string OperationId, string Kind, string Holder, long Since, string Process, long ExpiresAt)
    {
        public OperationLease ToLease() => new(OperationId, Kind, Holder, DateTimeOffset.FromUnixTimeMilliseconds(Since), Process, DateTimeOffset.FromUnixTimeMilliseconds(ExpiresAt))
        {
            Service = new ServiceName(Service),
        };

        /// <summary>Expired (0 = written before leases expired), or held by a process on this machine that is gone.</summary>
        public bool IsStale(DateTimeOffset now) => (ExpiresAt > 0 && ExpiresAt <= now.ToUnixTimeMilliseconds()) || InstanceIdentity.IsGone(Process);
    }
}
