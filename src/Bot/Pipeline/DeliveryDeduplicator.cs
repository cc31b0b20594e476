using Dapper;
using MailHa.Operations.Journal;

namespace MailHa.Bot.Pipeline;

/// <summary>
/// The one memory of deliveries already handled, for every platform: Slack retries and Socket Mode re-sends,
/// Teams redeliveries, double submits. A delivery is handled once, across restarts and across instances
/// behind one load balancer: the key is claimed in the journal, and the first instance to claim it handles
/// it. Platforms redeliver within minutes, so a key is remembered for <see cref="Window"/> and then dropped.
/// </summary>
public sealed class DeliveryDeduplicator(JournalDatabase journal, TimeProvider time)
{
    /// <summary>How long a delivery id is remembered: far beyond Slack's retries (minutes) and Teams' redeliveries.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    /// <summary>Records <paramref name="key"/>; true the first time it is seen, false for a repeat. An empty key is never a repeat.</summary>
    public async Task<bool> FirstTimeAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            return true;
        }

        var now = time.GetUtcNow();
        await using var connection = await journal.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM chat_deliveries WHERE seen_at < @before", new { before = (now - Window).ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        var claimed = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO chat_deliveries (key, seen_at) VALUES (@key, @now) ON CONFLICT (key) DO NOTHING",
            new { key, now = now.ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return claimed == 1;
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
