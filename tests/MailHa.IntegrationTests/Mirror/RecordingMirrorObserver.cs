using System.Collections.Concurrent;
using MailHa.Operations.Mirror;

namespace MailHa.IntegrationTests.Mirror;

/// <summary>Keeps every completed run it is told of, in order.</summary>
public sealed class RecordingMirrorObserver : IMirrorObserver
{
    private readonly ConcurrentQueue<MirrorRunCompleted> _seen = new();

    public IReadOnlyList<MirrorRunCompleted> Seen => [.. _seen];

    public Task OnRunCompletedAsync(MirrorRunCompleted completed, CancellationToken cancellationToken)
    {
        _seen.Enqueue(completed);
        return Task.CompletedTask;
    }
}
