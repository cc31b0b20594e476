namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// Remembers the most recent activity keys (conversation + activity id) so a redelivery is acknowledged without
/// running twice. Memory is bounded: the oldest keys are forgotten first.
/// </summary>
internal sealed class ActivityDeduplicator
{
    private const int Capacity = 4096;

    private readonly Lock _gate = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public static string Key(string conversationId, string activityId) => $"{conversationId}\n{activityId}";

    /// <summary>True the first time <paramref name="key"/> is seen.</summary>
    public bool TryRegister(string key)
    {
        lock (_gate)
        {
            if (!_seen.Add(key))
            {
                return false;
            }

            _order.Enqueue(key);
            while (_order.Count > Capacity)
            {
                _seen.Remove(_order.Dequeue());
            }

            return true;
        }
    }

    /// <summary>Forgets a key whose activity could not be accepted, so its redelivery is processed.</summary>
    public void Forget(string key)
    {
        lock (_gate)
        {
            _seen.Remove(key);
        }
    }
}
