using System.Threading.Channels;

namespace MailHa.Bot.Channels.Slack;

/// <summary>Hands acked Slack events to <see cref="SlackDispatcher"/>. Bounded: a full queue refuses rather than blocks an ack.</summary>
internal sealed class SlackDispatchQueue
{
    public const int Capacity = 256;

    private readonly Channel<SlackWorkItem> channel = Channel.CreateBounded<SlackWorkItem>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait });

    private int enqueued;

    /// <summary>How many items were ever accepted (tests use it to prove a request was not dispatched).</summary>
    public int EnqueuedCount => Volatile.Read(ref enqueued);

    public bool TryEnqueue(SlackWorkItem item)
    {
        if (!channel.Writer.TryWrite(item))
        {
            return false;
        }

        Interlocked.Increment(ref enqueued);
        return true;
    }

    public IAsyncEnumerable<SlackWorkItem> ReadAllAsync(CancellationToken cancellationToken) => channel.Reader.ReadAllAsync(cancellationToken);
}
