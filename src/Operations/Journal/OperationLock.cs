using Dapper;

namespace MailHa.Operations.Journal;

/// <summary>
/// One operation at a time across chat, the CLI and jobs: a single row in the journal. A lease held
/// by a process that no longer exists on this machine is stale and is taken over (that is how an
/// interrupted operation is resumed). A live holder always wins, even against its own operation id:
/// a second request must never join an operation that is still running.
/// </summary>
public sealed class OperationLock(JournalDatabase journal, TimeProvider time)
{
    /// <summary>Takes the lock, or returns the lease that holds it.</summary>
    public async Task<(bool Acquired, OperationLease Lease)> TryAcquireAsync(string operationId, string kind, string holder, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        await using var transaction = await journal.BeginExclusiveAsync(connection, "operation_lock", cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<LockRow>(new CommandDefinition(
            "SELECT operation_id AS OperationId, kind, holder, since, process AS Process FROM operation_lock WHERE id = 1",
            transaction: transaction,
            cancellationToken: cancellationToken));
        if (row is not null && !row.IsStale())
        {
            return (false, row.ToLease());
        }

        var lease = new OperationLease(operationId, kind, holder, time.GetUtcNow());
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO operation_lock (id, operation_id, kind, holder, since, process) VALUES (1, @OperationId, @Kind, @Holder, @Since, @Process)
            ON CONFLICT (id) DO UPDATE SET operation_id = excluded.operation_id, kind = excluded.kind, holder = excluded.holder,
                since = excluded.since, process = excluded.process
            """,
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
        /// <summary><c>machine:pid:start</c>; the start mark tells the holder from a later process that reused its PID.</summary>
        public static string ThisProcess { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{StartMark(Environment.ProcessId)}";

        public OperationLease ToLease() => new(OperationId, Kind, Holder, DateTimeOffset.FromUnixTimeMilliseconds(Since));

        /// <summary>Held by a process on this machine that is gone (crashed, killed), or whose PID now belongs to another process.</summary>
        public bool IsStale()
        {
            // Leases written before the start mark existed have two parts.
            var parts = Process.Split(':');
            if (parts.Length is < 2 or > 3 || parts[0] != Environment.MachineName || !int.TryParse(parts[1], out var pid))
            {
                return false;
            }

            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                if (process.HasExited)
                {
                    return true;
                }
            }
            catch (ArgumentException)
            {
                return true;
            }

            return parts.Length == 3 && parts[2].Length > 0 && StartMark(pid) is { Length: > 0 } now && now != parts[2];
        }

        /// <summary>The process's start time in clock ticks since boot (<c>/proc/PID/stat</c> field 22); empty where there is no procfs.</summary>
        private static string StartMark(int pid)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return fields.Length > 19 ? fields[19] : "";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return "";
            }
        }
    }
}
