using System.Diagnostics;

namespace MailHa.Bench;

/// <summary>
/// When each message file first appeared in one Maildir folder (<c>new/</c>) of a lab host, by the bench's own clock:
/// <c>inotifywait -m</c> inside the host (<c>lab exec</c>) on that one directory, each line timestamped as it is read.
/// Dovecot links a delivered message into <c>new/</c> (a create), rsync renames its temporary file there (a move);
/// names beginning with a dot (rsync's temporary files) are not messages. Both hosts' watches share one clock, so a
/// message's arrival on the standby less its arrival on the source is how long the mirror took to carry it. Stopped by
/// its own process's PID (and its children), at the latest when disposed.
/// </summary>
internal sealed class ArrivalWatch : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Dictionary<string, DateTimeOffset> _seen = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _established = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _reading;

    private ArrivalWatch(Process process)
    {
        _process = process;
        _reading = Task.Run(ReadAsync);
        _ = Task.Run(ReadErrorsAsync);
    }

    /// <summary>Starts watching <paramref name="directory"/> on <paramref name="host"/> and waits until its watch is set up.</summary>
    public static async Task<ArrivalWatch> StartAsync(Lab lab, string host, string directory, CancellationToken cancellationToken)
    {
        var process = Proc.Start(lab.Script, ["exec", host, "inotifywait", "-m", "-e", "create", "-e", "moved_to", "--format", "%f", directory]);
        var watch = new ArrivalWatch(process);
        await watch._established.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        return watch;
    }

    /// <summary>Every message seen so far and when it first appeared.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> Seen
    {
        get
        {
            lock (_seen)
            {
                return new Dictionary<string, DateTimeOffset>(_seen, StringComparer.Ordinal);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        await _reading;
        _process.Dispose();
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } name)
        {
            var at = DateTimeOffset.UtcNow;
            if (name.Length == 0 || name[0] == '.')
            {
                continue;
            }

            lock (_seen)
            {
                _seen.TryAdd(name, at);
            }
        }
    }

    private async Task ReadErrorsAsync()
    {
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            if (line.Contains("Watches established", StringComparison.Ordinal))
            {
                _established.TrySetResult();
            }
        }

        _established.TrySetException(new InvalidOperationException("inotifywait ended before its watch was set up"));
    }
}
