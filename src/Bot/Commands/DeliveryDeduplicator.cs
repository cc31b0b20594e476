namespace MailHa.Bot.Commands;

/// <summary>
/// Remembers recent delivery ids (Slack retries, Teams redeliveries, Socket Mode re-sends, double
/// submits) so one delivery is handled once. Bounded: the oldest ids are forgotten first.
/// </summary>
public sealed class DeliveryDeduplicator
{
    private const int Capacity = 10_000;
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    /// <summary>True the first time an id is seen; false for a repeat.</summary>
    public bool FirstTime(string deliveryId)
    {
        ArgumentNullException.ThrowIfNull(deliveryId);
        if (deliveryId.Length == 0)
        {
            return true;
        }

        lock (_lock)
        {
            if (!_seen.Add(deliveryId))
            {
                return false;
            }

            _order.Enqueue(deliveryId);
            if (_order.Count > Capacity)
            {
                _seen.Remove(_order.Dequeue());
            }

            return true;
        }
    }
}
