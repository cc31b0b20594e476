using System.Globalization;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Mirror.Continuous;

/// <summary>
/// The commands of the continuous mirror on the active node (Linux only: <see cref="ContinuousModeValidator"/>).
/// The watcher checks the sentinel and the watch limit, stops any earlier watcher of the same store (left by a MailHa
/// that died) and waits up to 5 s until it is gone (one watcher per store, never two, not even for a moment), prints
/// its PID and becomes <c>inotifywait -m -r</c>, one record per
/// change: <c>EVENTS PATH</c> ended by a NUL (events hold no space; a path may hold anything but NUL).
/// </summary>
public static class WatchScript
{
    public const int SentinelMissing = MirrorScript.SentinelMissing;
    public const int InotifyMissing = 97;
    public const int TooFewWatches = 98;

    /// <summary>The standard-error line the watcher's shell prints just before it becomes inotifywait.</summary>
    public const string PidLine = "mailha-watch-pid ";

    /// <summary>The standard-error line the watch-limit check prints: <c>mailha-watch-limit NEEDED ALLOWED</c>.</summary>
    public const string LimitLine = "mailha-watch-limit ";

    /// <summary>The events streamed: what changes a file's content, name, attributes or existence, and the queue's overflow.</summary>
    private const string Events = "-e create -e close_write -e attrib -e moved_from -e moved_to -e delete -e q_overflow";

    /// <summary>What the watcher carries in its environment: the node and the store it watches.</summary>
    public static EnvironmentMarker Marker(MirrorOptions mirror, NodeOptions source)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        ArgumentNullException.ThrowIfNull(source);
        return new EnvironmentMarker("MAILHA_MIRROR_WATCH", $"{source.Name}:{mirror.StorePath}");
    }

    public static RemoteCommand Watch(MirrorOptions mirror, NodeOptions source)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        ArgumentNullException.ThrowIfNull(source);
        var marker = Marker(mirror, source);
        var script = $$"""
            S='{{mirror.StorePath}}'
            [ -f "$S/{{mirror.SentinelFile}}" ] || { echo "mailha-guard: no {{mirror.SentinelFile}} in $S on {{source.Name}}" >&2; exit {{SentinelMissing}}; }
            command -v inotifywait >/dev/null 2>&1 || { echo "inotifywait is not installed on {{source.Name}} (Debian: inotify-tools)" >&2; exit {{InotifyMissing}}; }
            need=$(find "$S" -type d | wc -l); max=$(cat /proc/sys/fs/inotify/max_user_watches)
            [ "$need" -lt "$max" ] || { echo "{{LimitLine}}$need $max" >&2; exit {{TooFewWatches}}; }
            old=$({{marker.FindProcesses(source.Platform)}}); old=$(echo $old)
            [ -z "$old" ] || kill -TERM $old 2>/dev/null
            n=0; while [ -n "$old" ] && [ $n -lt 50 ]; do sleep 0.1; n=$((n+1)); old=$({{marker.FindProcesses(source.Platform)}}); done
            {{marker.Export}}
            echo "{{PidLine}}$$" >&2
            exec inotifywait -m -r {{Events}} --format '%e %w%f%0' --no-newline "$S"
            """;

        // Runs until stopped: no timeout of its own.
        return new RemoteCommand("mirror-watch", script, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Stops the watcher by its PID, only if that process still carries this store's mark (a PID is reused).</summary>
    public static RemoteCommand Stop(MirrorOptions mirror, NodeOptions source, int pid)
    {
        var marker = Marker(mirror, source);
        var p = pid.ToString(CultureInfo.InvariantCulture);
        return new RemoteCommand("mirror-watch-stop", $"grep -qsxzF '{marker.Name}={marker.Value}' /proc/{p}/environ && kill -TERM {p}; true");
    }

    /// <summary>Writes the heartbeat (MailHa's clock, Unix milliseconds) beside the sentinel, only into a store that has its sentinel.</summary>
    public static RemoteCommand WriteHeartbeat(MirrorOptions mirror, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        var value = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        return new RemoteCommand(
            "mirror-heartbeat-write",
            $"S='{mirror.StorePath}'; [ -f \"$S/{mirror.SentinelFile}\" ] || exit {SentinelMissing}; echo {value} > \"$S/{mirror.HeartbeatFile}\"");
    }

    /// <summary>Prints the heartbeat's value in the store's copy on the standby (nothing when there is none yet).</summary>
    public static RemoteCommand ReadHeartbeat(MirrorOptions mirror)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        return new RemoteCommand("mirror-heartbeat-read", $"cat '{mirror.StorePath}/{mirror.HeartbeatFile}' 2>/dev/null; true");
    }
}
