using Dapper;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Journal;

/// <summary>
/// Named leases in the journal (the health-watch leader) and claimed job slots (one scheduled
/// mirror per interval), shared by every instance on the database. A lease is held until its
/// expiry unless renewed; an expired one, or one whose process on this machine is gone, is free.
/// </summary>
public sealed class Leases(JournalDatabase journal, InstanceIdentity instance, IOptions<JournalOptions> options, TimeProvider time)
{
    /// <summary>Named leases and claimed job slots.</summary>
    public static JournalSchema Schema { get; } = new("leases",
    [
        new(
            Sqlite: """
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
            PostgreSql: """
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
            ShippedAs: 2),
    ]);

    /// <summary>Takes or renews <paramref name="name"/> for this instance; false while another instance holds it.</summary>
    public async Task<bool> TryHoldAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        await using var transaction = await journal.BeginExclusiveAsync(connection, "lease:" + name, cancellationToken);
        var now = time.GetUtcNow();
        var current = await connection.QuerySingleOrDefaultAsync<LeaseRow>(new CommandDefinition(
            "SELECT holder, expires_at AS ExpiresAt FROM leases WHERE name = @name", new { name }, transaction, cancellationToken: cancellationToken));
        if (current is not null && current.Holder != instance.Id && current.ExpiresAt > now.ToUnixTimeMilliseconds() && !InstanceIdentity.IsGone(current.Holder))
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES (@name, @holder, @now, @expires)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at,
                acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END
            """,
            new { name, holder = instance.Id, now = now.ToUnixTimeMilliseconds(), expires = (now + options.Value.LeaseDuration).ToUnixTimeMilliseconds() },
            transaction,
            cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Gives <paramref name="name"/> up at once (a clean shutdown), so another instance need not wait for the expiry.</summary>
    public async Task ReleaseAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM leases WHERE name = @name AND holder = @holder", new { name, holder = instance.Id }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Claims the run of <paramref name="job"/> for the interval starting at <paramref name="slot"/>;
    /// false when an instance already claimed it (a scheduler that fired twice, or on two instances).
    /// Claims older than a week are dropped.
    /// </summary>
    public async Task<bool> TryClaimSlotAsync(string job, DateTimeOffset slot, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        var now = time.GetUtcNow();
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM job_slots WHERE job = @job AND slot < @before",
            new { job, before = (now - TimeSpan.FromDays(7)).ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        var claimed = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO job_slots (job, slot, holder, claimed_at) VALUES (@job, @slot, @holder, @now) ON CONFLICT DO NOTHING",
            new { job, slot = slot.ToUnixTimeMilliseconds(), holder = instance.Id, now = now.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return claimed == 1;
    }

    private sealed record LeaseRow(string Holder, long ExpiresAt);
}
