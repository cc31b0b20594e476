namespace MailHa.Operations.Mirror.Continuous;

/// <summary>What the watcher on the active node reported, as a value (see <see cref="InotifyOutputParser"/>).</summary>
public abstract record WatchEvent;

/// <summary>The watcher's shell is about to become inotifywait: its PID, to stop it by when the stream stops.</summary>
public sealed record WatcherStarted(int Pid) : WatchEvent;

/// <summary>Every directory of the store is watched: changes from here on are streamed, so a full run now misses nothing.</summary>
public sealed record WatchesEstablished : WatchEvent;

/// <summary>A path of the store (relative to its root) changed, appeared, was renamed from or to, or was deleted.</summary>
public sealed record PathChanged(string RelativePath, bool IsDirectory) : WatchEvent;

/// <summary>The kernel's event queue overflowed (<c>IN_Q_OVERFLOW</c>): changes were lost, only a full run catches up.</summary>
public sealed record QueueOverflowed : WatchEvent;

/// <summary>
/// The store needs more inotify watches than the node allows (<c>fs.inotify.max_user_watches</c>): counted before the
/// watcher started (<see cref="Needed"/> and <see cref="Allowed"/>), or met while it set up its watches.
/// </summary>
public sealed record WatchLimitReached(long? Needed, long? Allowed, string Detail) : WatchEvent
{
    public string Describe() => Needed is { } needed && Allowed is { } allowed
        ? $"the store has {needed} directories and fs.inotify.max_user_watches is {allowed}: raise it to at least {needed + (needed / 4)} (sysctl fs.inotify.max_user_watches) on the active node"
        : $"inotify watch limit reached ({Detail}): raise fs.inotify.max_user_watches on the active node";
}

/// <summary>The source store has no sentinel: unmounted or emptied; nothing is streamed from it.</summary>
public sealed record WatchedStoreMissing : WatchEvent;

/// <summary>The sentinel was deleted or renamed away on the source while it was watched: the store is going away.</summary>
public sealed record SentinelGone : WatchEvent;

/// <summary><c>inotifywait</c> is not installed on the active node (Debian: <c>inotify-tools</c>).</summary>
public sealed record WatcherMissing(string Detail) : WatchEvent;

/// <summary>A line of the watcher's standard error that is none of the above: logged.</summary>
public sealed record WatcherNote(string Text) : WatchEvent;

/// <summary>A record about nothing to pull: the sentinel itself, an event the stream did not ask for.</summary>
public sealed record NothingToPull : WatchEvent;

/// <summary>The watcher ended: killed, the node lost, the session closed. <see cref="Detail"/> says how.</summary>
public sealed record WatcherEnded(string Detail) : WatchEvent;
