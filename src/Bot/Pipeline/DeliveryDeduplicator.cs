using Dapper;
using MailHa.Operations.Journal;

namespace MailHa.Bot.Pipeline;

/// <summary>
/// The one memory of deliveries already handled, for every platform: Slack retries and Socket Mode re-sends,
/// Teams redeliveries, double submits. A delivery is handled once, across restarts and across instances
/// behind one load balancer: the key is claimed in the journal, and the first instance to claim it handles
/// it. Platforms redeliver within minutes, so a key is remembered for <see cref="Window"/> and then dropped.
/// <para>
/// Expired keys are deleted at most once per <see cref="PruneInterval"/> per instance (by the first delivery that
/// much after the last deletion), not on every delivery: under a burst that DELETE would be most of the work.
/// Whether a delivery is new never depends on it: an expired key still in the table is claimed as new again.
/// </para>
/// </summary>
public sealed class DeliveryDeduplicator(JournalDatabase journal, TimeProvider time)
{
    /// <summary>How long a delivery id is remembered: far beyond Slack's retries (minutes) and Teams' redeliveries.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>The shortest time between two deletions of expired keys by one instance.</summary>
    public static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    // Unix milliseconds from which this instance deletes expired keys again.
    private long _pruneFrom = long.MinValue;

    /// <summary>Records <paramref name="key"/>; true the first time it is seen, false for a repeat. An empty key is never a repeat.</summary>
    public async Task<bool> FirstTimeAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            return true;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var before = now - (long)Window.TotalMilliseconds;
        await using var connection = await journal.OpenAsync(cancellationToken);
        if (PruneDue(now))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "DELETE FROM chat_deliveries WHERE seen_at < @before", new { before }, cancellationToken: cancellationToken));
        }

        // One row per key: inserted, or taken over when it expired; either way this delivery is the first.
        var claimed = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO chat_deliveries (key, seen_at) VALUES (@key, @now) ON CONFLICT (key) DO UPDATE SET seen_at = excluded.seen_at WHERE chat_deliveries.seen_at < @before",
            new { key, now, before },
            cancellationToken: cancellationToken));
        return claimed == 1;
    }

    private bool PruneDue(long now)
    {
        var from = Interlocked.Read(ref _pruneFrom);
        return now >= from && Interlocked.CompareExchange(ref _pruneFrom, now + (long)PruneInterval.TotalMilliseconds, from) == from;
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
}
