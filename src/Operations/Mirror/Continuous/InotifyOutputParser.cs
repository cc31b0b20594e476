using System.Globalization;
using MailHa.Operations.Ssh;

namespace MailHa.Operations.Mirror.Continuous;

/// <summary>
/// Reads the watcher's stream (<see cref="WatchScript.Watch"/>) into <see cref="WatchEvent"/>s: pure, text in, values out.
/// A record is <c>EVENTS PATH</c>: <c>EVENTS</c> is inotifywait's comma-separated names (no space), <c>PATH</c> the
/// watched directory and file name joined, absolute under the store. Paths outside the store and the sentinel pull
/// nothing (a batch must never delete the standby's sentinel); the sentinel deleted or renamed away is <see cref="SentinelGone"/>.
/// </summary>
public sealed class InotifyOutputParser(string storePath, string sentinelFile)
{
    private readonly string _root = storePath.TrimEnd('/') + "/";

    public WatchEvent Parse(StreamRecord record) => record switch
    {
        OutputRecord output => ParseEvent(output.Text),
        ErrorLine error => ParseError(error.Text),
        StreamEnded { Outcome: Exited { Code: WatchScript.SentinelMissing } } => new WatchedStoreMissing(),
        StreamEnded { Outcome: Exited { Code: WatchScript.InotifyMissing } missing } => new WatcherMissing(missing.Describe()),
        StreamEnded { Outcome: Exited { Code: WatchScript.TooFewWatches } limit } => ParseLimit(limit.StdErr) ?? new WatchLimitReached(null, null, limit.Describe()),
        StreamEnded ended => new WatcherEnded(ended.Outcome.Describe()),
        _ => throw new ArgumentOutOfRangeException(nameof(record), record, "unknown stream record"),
    };

    private WatchEvent ParseEvent(string text)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var events = space < 0 ? text : text[..space];
        var path = space < 0 ? "" : text[(space + 1)..];
        var names = events.Split(',');
        if (names.Contains("Q_OVERFLOW"))
        {
            return new QueueOverflowed();
        }

        if (!path.StartsWith(_root, StringComparison.Ordinal) || path.Length == _root.Length)
        {
            return new NothingToPull();
        }

        var relative = path[_root.Length..];
        if (string.Equals(relative, sentinelFile, StringComparison.Ordinal))
        {
            return names.Any(n => n is "DELETE" or "MOVED_FROM") ? new SentinelGone() : new NothingToPull();
        }

        if (!names.Any(n => n is "CREATE" or "CLOSE_WRITE" or "ATTRIB" or "MOVED_FROM" or "MOVED_TO" or "DELETE"))
        {
            return new NothingToPull();
        }

        return new PathChanged(relative, names.Contains("ISDIR"));
    }

    private static WatchEvent ParseError(string line)
    {
        if (line.StartsWith(WatchScript.PidLine, StringComparison.Ordinal)
            && int.TryParse(line.AsSpan(WatchScript.PidLine.Length).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
        {
            return new WatcherStarted(pid);
        }

        if (line.StartsWith("Watches established", StringComparison.Ordinal))
        {
            return new WatchesEstablished();
        }

        if (line.Contains("upper limit on inotify watches", StringComparison.Ordinal))
        {
            return new WatchLimitReached(null, null, line.Trim());
        }

        return (WatchEvent?)ParseLimit(line) ?? new WatcherNote(line);
    }

    private static WatchLimitReached? ParseLimit(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith(WatchScript.LimitLine, StringComparison.Ordinal))
            {
                continue;
            }

            var parts = line[WatchScript.LimitLine.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var needed)
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var allowed))
            {
                return new WatchLimitReached(needed, allowed, line.Trim());
            }
        }

        return null;
    }
}
