using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.IntegrationTests.Mirror;

/// <summary>
/// The real shell, except that the first command named <paramref name="pauseAt"/> waits for <see cref="Release"/>
/// before it runs: a mirror run caught in the middle, without guessing how long it takes.
/// </summary>
public sealed class PausingRemoteShell(IRemoteShell inner, string pauseAt) : IRemoteShell
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _paused;

    /// <summary>Completes when the paused command is reached.</summary>
    public Task Reached => _reached.Task;

    public void Release() => _released.TrySetResult();

    public async Task<CommandOutcome> RunAsync(NodeName node, RemoteCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Name == pauseAt && Interlocked.Exchange(ref _paused, 1) == 0)
        {
            _reached.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }

        return await inner.RunAsync(node, command, cancellationToken);
    }
}
