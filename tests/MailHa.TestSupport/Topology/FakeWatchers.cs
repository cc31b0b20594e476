using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.TestSupport.Topology;

/// <summary>
/// A fake of the streaming port (<see cref="IStreamingShell"/>): each node's watcher streams what a test writes for that
/// node (<see cref="Started"/>, <see cref="Changed"/>), as <c>inotifywait</c> through the watch script would, until its
/// caller stops it. <see cref="Watching"/> says which nodes have a watcher streaming now.
/// </summary>
public sealed class FakeWatchers : IStreamingShell
{
    private readonly ConcurrentDictionary<NodeName, Channel<StreamRecord>> _streams = new();
    private readonly ConcurrentDictionary<NodeName, int> _watching = new();

    /// <summary>How many watchers stream from <paramref name="node"/> now.</summary>
    public int Watching(string node) => _watching.GetValueOrDefault(new NodeName(node));

    /// <summary>The watcher on <paramref name="node"/> started and watches every directory (its PID, then inotifywait's word).</summary>
    public void Started(string node, int pid)
    {
        Write(node, new ErrorLine($"{WatchScript.PidLine}{pid}"));
        Write(node, new ErrorLine("Watches established."));
    }

    /// <summary>A file written under <paramref name="storePath"/> on <paramref name="node"/>.</summary>
    public void Changed(string node, string storePath, string relativePath) =>
        Write(node, new OutputRecord($"CLOSE_WRITE,CLOSE {storePath}/{relativePath}"));

    public async IAsyncEnumerable<StreamRecord> StreamAsync(NodeName node, RemoteCommand command, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A new watcher reads only what is written after it started.
        var channel = Channel.CreateUnbounded<StreamRecord>();
        _streams[node] = channel;
        _watching.AddOrUpdate(node, 1, (_, n) => n + 1);
        try
        {
            await foreach (var record in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return record;
            }
        }
        finally
        {
            _watching.AddOrUpdate(node, 0, (_, n) => n - 1);
        }
    }

    private void Write(string node, StreamRecord record)
    {
        if (!_streams.TryGetValue(new NodeName(node), out var channel))
        {
            throw new InvalidOperationException($"no watcher was started on {node}");
        }

        channel.Writer.TryWrite(record);
    }
}
