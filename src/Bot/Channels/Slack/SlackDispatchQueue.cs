using System.Threading.Channels;

namespace MailHa.Bot.Channels.Slack;

/// <summary>Hands acked Slack events to <see cref="SlackDispatcher"/>. Bounded: a full queue refuses rather than blocks an ack.</summary>
internal sealed class SlackDispatchQueue
{
    public const int Capacity = 256;

    private readonly Channel<SlackWorkItem> channel = Channel.CreateBounded<SlackWorkItem>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait });

    public bool TryEnqueue(SlackWorkItem item) => channel.Writer.TryWrite(item);

    public IAsyncEnumerable<SlackWorkItem> ReadAllAsync(CancellationToken cancellationToken) => channel.Reader.ReadAllAsync(cancellationToken);
}
