using Dapper;

namespace MailHa.Operations.Journal;

/// <summary>
/// One operation at a time across chat, the CLI and jobs: a single row in the journal. A lease held
/// by a process that no longer exists on this machine is stale and is taken over; re-acquiring with
/// the same operation id (a resumed operation) succeeds.
/// </summary>
public sealed class OperationLock(JournalDatabase journal, TimeProvider time)
{
    /// <summary>Takes the lock, or returns the lease that holds it.</summary>
    public async Task<(bool Acquired, OperationLease Lease)> TryAcquireAsync(string operationId, string kind, string holder, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LockRow>(new CommandDefinition(
            "SELECT operation_id AS OperationId, kind, holder, since, process AS Process FROM operation_lock WHERE id = 1",
            transaction: transaction,
            cancellationToken: cancellationToken));
        if (row is not null && row.OperationId != operationId && !row.IsStale())
        {
            return (false, row.ToLease());
        }

        var lease = new OperationLease(operationId, kind, holder, time.GetUtcNow());
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT OR REPLACE INTO operation_lock (id, operation_id, kind, holder, since, process) VALUES (1, @OperationId, @Kind, @Holder, @Since, @Process)",
            new { lease.OperationId, lease.Kind, lease.Holder, Since = lease.Since.ToUnixTimeMilliseconds(), Process = LockRow.ThisProcess },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return (true, lease);
    }

    public async Task ReleaseAsync(string operationId, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM operation_lock WHERE id = 1 AND operation_id = @operationId",
            new { operationId },
            cancellationToken: cancellationToken));
    }

    /// <summary>The current lease, or null when nothing runs (stale leases count as nothing).</summary>
    public async Task<OperationLease?> GetAsync(CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LockRow>(new CommandDefinition(
            "SELECT operation_id AS OperationId, kind, holder, since, process AS Process FROM operation_lock WHERE id = 1",
            cancellationToken: cancellationToken));
        return row is null || row.IsStale() ? null : row.ToLease();
    }

    private sealed record LockRow(string OperationId, string Kind, string Holder, long Since, string Process)
    {
        public static string ThisProcess => $"{Environment.MachineName}:{Environment.ProcessId}";

        public OperationLease ToLease() => new(OperationId, Kind, Holder, DateTimeOffset.FromUnixTimeMilliseconds(Since));

        /// <summary>Held by a process on this machine that is gone (crashed, killed).</summary>
        public bool IsStale()
        {
            var parts = Process.Split(':');
            if (parts.Length != 2 || parts[0] != Environment.MachineName || !int.TryParse(parts[1], out var pid))
            {
                return false;
            }

            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                return process.HasExited;
            }
            catch (ArgumentException)
            {
                return true;
            }
        }
    }
}
