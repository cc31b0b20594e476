namespace MailHa.Bot.Pipeline;

/// <summary>
/// The one memory of deliveries already handled, for every platform: Slack retries and Socket Mode re-sends,
/// Teams redeliveries, double submits. A delivery is handled once. Bounded: the oldest keys are forgotten first.
/// (The state a restart must remember lives here and only here.)
/// </summary>
public sealed class DeliveryDeduplicator
{
    public const int Capacity = 10_000;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    /// <summary>Records <paramref name="key"/>; true the first time it is seen, false for a repeat. An empty key is never a repeat.</summary>
    public Task<bool> FirstTimeAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length == 0)
        {
            return Task.FromResult(true);
        }

        lock (_lock)
        {
            if (!_seen.Add(key))
            {
                return Task.FromResult(false);
            }

            _order.Enqueue(key);
            if (_order.Count > Capacity)
            {
                _seen.Remove(_order.Dequeue());
            }

            return Task.FromResult(true);
        }
    }

    /// <summary>Forgets a delivery that could not be handled, so its redelivery is.</summary>
    public Task ForgetAsync(string key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _seen.Remove(key);
        }

        return Task.CompletedTask;
    }

    /// <summary>The key of one delivery: platform and its delivery id.</summary>
    public static string Key(Chat.ChatEvent chatEvent)
    {
        ArgumentNullException.ThrowIfNull(chatEvent);
        return chatEvent.DeliveryId.Length == 0 ? "" : $"{chatEvent.User.Platform}:{chatEvent.DeliveryId}";
    }
}
