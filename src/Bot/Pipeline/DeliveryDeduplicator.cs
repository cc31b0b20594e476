using Dapper;
using MailHa.Operations.Journal;

namespace MailHa.Bot.Pipeline;

/// <summary>
/// The one memory of deliveries already handled, for every platform: Slack retries and Socket Mode re-sends,
/// Teams redeliveries, double submits. A delivery is handled once, across restarts and across instances
/// behind one load balancer: the key is claimed in the journal, and the first instance to claim it handles
/// it. Platforms redeliver within minutes, so a key is remembered for <see cref="Window"/> and then dropped.
/// <para>
/// Claims are committed in groups: while one group is being written, the deliveries that arrive wait together
/// and are written next, in one transaction. A delivery is still answered only once its claim is committed, so
/// a claim is as durable as before; a burst costs one commit per group instead of one per delivery, and only the
/// one writer waits on the database (SQLite's calls block their thread, and concurrent writers sleep in its busy
/// handler). Within a group the keys are claimed in key order, so two instances' groups cannot deadlock on
/// PostgreSQL, and a key twice in one group is claimed by the delivery that came first.
/// </para>
/// <para>
/// Expired keys are deleted at most once per <see cref="PruneInterval"/> per instance (before the first group that
/// much after the last deletion), not on every delivery: under a burst that DELETE would be most of the work.
/// Whether a delivery is new never depends on it: an expired key still in the table is claimed as new again.
/// </para>
/// </summary>
public sealed class DeliveryDeduplicator(JournalDatabase journal, TimeProvider time)
{
    /// <summary>The claimed keys. 2: indexed by when they were seen (expired keys are deleted by age).</summary>
    public static JournalSchema Schema { get; } = new("chat_deliveries",
    [
        new(
            Sqlite: """
            CREATE TABLE chat_deliveries (
                key TEXT PRIMARY KEY,
                seen_at INTEGER NOT NULL
            );
            """,
            PostgreSql: """
            CREATE TABLE chat_deliveries (
                key TEXT PRIMARY KEY,
                seen_at BIGINT NOT NULL
            );
            """,
            ShippedAs: 3),
        new(
            Sqlite: """
            CREATE INDEX chat_deliveries_seen_at ON chat_deliveries (seen_at);
            """,
            PostgreSql: """
            CREATE INDEX chat_deliveries_seen_at ON chat_deliveries (seen_at);
            """,
            ShippedAs: 7),
    ]);

    /// <summary>How long a delivery id is remembered: far beyond Slack's retries (minutes) and Teams' redeliveries.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>The shortest time between two deletions of expired keys by one instance.</summary>
    public static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();

    // Claims waiting for the next group, and whether a writer is running (both under _gate).
    private List<Claim> _waiting = [];
    private bool _writing;

    // Unix milliseconds from which this instance deletes expired keys again.
    private long _pruneFrom = long.MinValue;

    /// <summary>
    /// Records <paramref name="key"/>; true the first time it is seen, false for a repeat. An empty key is never a repeat.
    /// Once the claim is queued it is committed whether or not the caller is still waiting, so the answer is awaited in full.
    /// </summary>
    public Task<bool> FirstTimeAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            return Task.FromResult(true);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var claim = new Claim(key);
        bool startWriter;
        lock (_gate)
        {
            _waiting.Add(claim);
            startWriter = !_writing;
            _writing = true;
        }

        if (startWriter)
        {
            // The writer outlives any one request: it commits every claim queued behind this one too.
            _ = Task.Run(WriteWaitingAsync, CancellationToken.None);
        }

        return claim.Answer.Task;
    }

    /// <summary>Forgets a delivery that could not be handled, so its redelivery is.</summary>
    public async Task ForgetAsync(string key, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM chat_deliveries WHERE key = @key", new { key }, cancellationToken: cancellationToken));
    }

    /// <summary>The key of one delivery: platform and its delivery id.</summary>
    public static string Key(Chat.ChatEvent chatEvent)
    {
        ArgumentNullException.ThrowIfNull(chatEvent);
        return chatEvent.DeliveryId.Length == 0 ? "" : $"{chatEvent.User.Platform}:{chatEvent.DeliveryId}";
    }

    private async Task WriteWaitingAsync()
    {
        while (true)
        {
            List<Claim> group;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _writing = false;
                    return;
                }

                group = _waiting;
                _waiting = [];
            }

            try
            {
                var claimed = await ClaimAsync(group);
                foreach (var claim in group)
                {
                    claim.Answer.SetResult(claimed.Contains(claim));
                }
            }
#pragma warning disable CA1031 // Each waiting delivery gets the failure of its own claim, as it would have had it written alone.
            catch (Exception e)
#pragma warning restore CA1031
            {
                foreach (var claim in group)
                {
                    claim.Answer.SetException(e);
                }
            }
        }
    }

    private async Task<HashSet<Claim>> ClaimAsync(List<Claim> group)
    {
        // Not any one request's token: the group is every waiting delivery's claim.
        var cancellationToken = CancellationToken.None;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var before = now - (long)Window.TotalMilliseconds;
        await using var connection = await journal.OpenAsync(cancellationToken);
        if (PruneDue(now))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM chat_deliveries WHERE seen_at < @before", new { before }, cancellationToken: cancellationToken));
        }

        // One row per key: inserted, or taken over when it expired; either way this delivery is the first.
        var claimed = new HashSet<Claim>();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var claim in group.OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var rows = await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO chat_deliveries (key, seen_at) VALUES (@key, @now) ON CONFLICT (key) DO UPDATE SET seen_at = excluded.seen_at WHERE chat_deliveries.seen_at < @before",
                new { key = claim.Key, now, before },
                transaction,
                cancellationToken: cancellationToken));
            if (rows == 1)
            {
                claimed.Add(claim);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    private bool PruneDue(long now)
    {
        var from = Interlocked.Read(ref _pruneFrom);
        return now >= from && Interlocked.CompareExchange(ref _pruneFrom, now + (long)PruneInterval.TotalMilliseconds, from) == from;
    }

    /// <summary>One delivery waiting for its key to be claimed; compared by reference, so a key twice in a group is two claims.</summary>
    private sealed class Claim(string key)
    {
        public string Key { get; } = key;

        public TaskCompletionSource<bool> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
