using System.Globalization;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Mirror;

/// <summary>
/// The command run on the standby: guards first, in the same shell as rsync so nothing can change
/// between check and pull, then the seed's pull (<c>-rtopg --delete -z --password-file</c>) plus
/// <c>--stats</c> and <c>--max-delete</c>. Plain POSIX sh: it must run on Solaris too.
/// <para>
/// Deletions run after the transfer (<c>--delete-after</c>), never during it (rsync's default for <c>--delete</c>): a
/// pull that dies midway (the standby's disk full, the link cut) has deleted nothing, where a default one has already
/// deleted in every directory it reached. <c>--delete-after</c> rather than 3.0's <c>--delete-delay</c>: the older
/// rsync of a Solaris host knows it too.
/// </para>
/// Guard failures exit 90–99 with a <c>mailha-guard:</c> line; rsync's own codes are below 40.
/// <para>
/// One pull at a time on a node: the pull's rsync carries <see cref="PullMarker"/> in its environment, and a run
/// that finds another process carrying it refuses (<see cref="PullRunning"/>). Such a pull outlives the MailHa
/// that started it when that process dies mid-run (SIGKILL, OOM, host lost): nothing is left to kill it on
/// timeout, and its operation lease expires. The rule is to refuse, never to kill it: the node cannot tell an
/// orphan from the pull of an instance that is alive but late renewing its lease (stalled, cut from the
/// database), nor from the final sync of an operation that still waits on it, and killing either would break
/// work in progress; refusing costs one interval, the earlier pull moves the same files, and the next run
/// retries. A pull that hangs (a dead link) is killed by an operator, by the PID the refusal names.
/// </para>
/// </summary>
public static class MirrorScript
{
    public const int StaleGeneration = 90;
    public const int WrongDirection = 91;
    public const int PasswordFileMissing = 92;
    public const int PasswordFileUnsafe = 93;
    public const int TargetHoldsVip = 94;
    public const int SentinelMissing = 95;
    public const int PullRunning = 96;

    /// <summary>
    /// The daemon protocol trades many small messages (greeting, auth challenge, file list, final stats): with Nagle's
    /// algorithm on, each of them waits for the peer's delayed ACK, about 40 ms a time. Measured on loopback, the
    /// sentinel check took 170 ms, 125 ms with this option, and 57 ms when the daemon also sets
    /// <c>socket options = TCP_NODELAY</c> (runbook §6).
    /// </summary>
    private const string NoDelay = "--sockopts=TCP_NODELAY";

    /// <summary>
    /// What a pull's rsync carries in its environment: the node and store it writes into (two stores, or two lab
    /// hosts sharing one process table, never see each other's pulls).
    /// </summary>
    public static EnvironmentMarker PullMarker(MirrorOptions mirror, NodeOptions target)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        ArgumentNullException.ThrowIfNull(target);
        return new EnvironmentMarker("MAILHA_MIRROR_PULL", $"{target.Name}:{mirror.StorePath}");
    }

    /// <summary>
    /// Stops every pull still writing into <paramref name="target"/>'s store (TERM, then KILL a second later) and prints
    /// their PIDs (nothing when there was none). Only for a store about to go live, by an operation holding the one
    /// operation lease: no run can own such a pull then, and its <c>--delete</c> would remove mail delivered there.
    /// </summary>
    public static RemoteCommand StopPulls(MirrorOptions mirror, NodeOptions target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var find = PullMarker(mirror, target).FindProcesses(target.Platform);
        return new RemoteCommand("stop-stray-pulls", $"pulls=$({find}); pulls=$(echo $pulls); [ -z \"$pulls\" ] || {{ {Stop}; echo \"$pulls\"; }}; true");
    }

    // Stops the processes in $pulls: TERM, then KILL a second later.
    private const string Stop = "kill -TERM $pulls 2>/dev/null; sleep 1; kill -KILL $pulls 2>/dev/null";

    /// <param name="connectTimeout">rsync's <c>--contimeout</c>: how long a source's daemon may take to accept (Ssh:ConnectTimeout, whole seconds).</param>
    /// <param name="earlier">What to do with a pull still running into the target's store: refuse (the mirror job), or stop it
    /// first (a run inside an operation, which holds the only operation lease, so no live run can own it).</param>
    public static RemoteCommand Build(MirrorOptions mirror, NodeOptions source, NodeOptions target, VipOptions vip, long generation, TimeSpan timeout, TimeSpan connectTimeout, EarlierPull earlier = EarlierPull.Refuse) =>
        Guarded("rsync-pull", mirror, source, target, vip, generation, timeout, timeout, connectTimeout, earlier, (flags, remote) =>
            $"exec rsync {flags} --password-file=\"$PF\" '{remote}/' '{mirror.StorePath}/'");

    /// <summary>
    /// How long a batch's rsync waits for the source to send anything (<c>--timeout</c>) before it gives up. A full run
    /// waits as long as its whole run may take; a batch is a few seconds of mail, and one stuck on a source that died
    /// mid-pull would hold the mirror's lease (and so an unplanned failover) until then: after this it fails, the stream
    /// asks for a full run, which cannot reach the dead source either, and the stream stops.
    /// </summary>
    public static readonly TimeSpan BatchIoTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The continuous mirror's batch: the same guards as <see cref="Build"/>, then a pull of just <paramref name="paths"/>
    /// (relative to the store): <c>--files-from</c> with NUL-separated names, <c>-r</c> so a new directory comes whole, and
    /// <c>--delete-missing-args</c> so a path gone from the source (deleted, or the old name of a rename) is deleted on the
    /// standby. Directories named only as a file's parents are created, never emptied. The list is written by the shell's
    /// own <c>printf</c> with every byte outside a safe set as an octal escape: a name can hold quotes, spaces, newlines.
    /// </summary>
    public static RemoteCommand BuildBatch(MirrorOptions mirror, NodeOptions source, NodeOptions target, VipOptions vip, long generation, IReadOnlyCollection<string> paths, TimeSpan timeout, TimeSpan connectTimeout)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return Guarded("rsync-pull-paths", mirror, source, target, vip, generation, timeout, BatchIoTimeout, connectTimeout, EarlierPull.Refuse, (flags, remote) => $"""
            L=$(mktemp /tmp/mailha-paths.XXXXXX) || exit 1
            printf '{PrintfList(paths)}' > "$L"
            rsync {flags} --from0 --files-from="$L" --delete-missing-args --password-file="$PF" '{remote}/' '{mirror.StorePath}/'; rc=$?
            rm -f "$L"; exit $rc
            """);
    }

    /// <summary>The names as a <c>printf</c> format: safe bytes as they are, every other byte (every <c>-</c> too: a leading one would read as an option) and the NUL after each name as <c>\ooo</c>.</summary>
    public static string PrintfList(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var text = new System.Text.StringBuilder();
        foreach (var path in paths)
        {
            foreach (var b in System.Text.Encoding.UTF8.GetBytes(path))
            {
                var c = (char)b;
                if (char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ',' or ':' or '=' or '+' or '/' or '@')
                {
                    text.Append(c);
                }
                else
                {
                    text.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                }
            }

            text.Append("\\000");
        }

        return text.ToString();
    }

    private static RemoteCommand Guarded(
        string name, MirrorOptions mirror, NodeOptions source, NodeOptions target, VipOptions vip, long generation, TimeSpan timeout, TimeSpan silence, TimeSpan connectTimeout, EarlierPull earlier, Func<string, string, string> pull)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(vip);
        var gen = generation.ToString(CultureInfo.InvariantCulture);
        var marker = PullMarker(mirror, target);
        var remote = $"{mirror.User}@{source.MirrorAddress}::{mirror.Module}";
        var ioTimeout = ((int)Math.Max(30, silence.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var contimeout = ConnectSeconds(connectTimeout);
        var flags = "-rtopg --delete-after --stats" + (mirror.Compress ? " -z" : "")
            + (mirror.MaxDelete > 0 ? $" --max-delete={mirror.MaxDelete.ToString(CultureInfo.InvariantCulture)}" : "")
            + $" --contimeout={contimeout} --timeout={ioTimeout} {NoDelay}";
        var script = $$"""
            guard() { echo "mailha-guard: $2" >&2; exit $1; }
            STATE='{{mirror.StateFile}}'
            gen=$(sed -n 's/^generation=//p' "$STATE" 2>/dev/null); gen=${gen:-0}
            active=$(sed -n 's/^active=//p' "$STATE" 2>/dev/null)
            [ "$gen" -le {{gen}} ] || guard {{StaleGeneration}} "{{target.Name}} records role generation $gen, newer than this run's {{gen}}: roles changed elsewhere, refusing to pull"
            if [ "$gen" -eq {{gen}} ] && [ "$active" != '{{source.Name}}' ]; then guard {{WrongDirection}} "{{target.Name}} records $active as active at generation {{gen}}: refusing to pull from {{source.Name}}"; fi
            if {{VipCommands.HoldsVipTest(target.Platform, vip.Address)}}; then guard {{TargetHoldsVip}} "{{target.Name}} holds the VIP {{vip.Address}}: it is the live store, refusing to pull over it"; fi
            pulls=$({{marker.FindProcesses(target.Platform)}}); pulls=$(echo $pulls)
            {{(earlier == EarlierPull.Stop ? $"if [ -n \"$pulls\" ]; then echo \"mailha: stopping an earlier mirror pull (PID $pulls)\" >&2; {Stop}; pulls=$({marker.FindProcesses(target.Platform)}); pulls=$(echo $pulls); fi" : ":")}}
            [ -z "$pulls" ] || guard {{PullRunning}} "an earlier mirror pull into {{mirror.StorePath}} is still running on {{target.Name}} (PID $pulls), left by a MailHa run that ended before it? refusing to start a second one: it finishes by itself and the next run retries"
            PF='{{mirror.PasswordFile}}'
            [ -f "$PF" ] || guard {{PasswordFileMissing}} "password file $PF is missing on {{target.Name}}"
            set -- $(ls -ln "$PF"); perms=$1; owner=$3
            [ "$owner" = 0 ] || guard {{PasswordFileUnsafe}} "password file $PF on {{target.Name}} is owned by uid $owner, not root"
            case "$perms" in ????r*|???????r*) guard {{PasswordFileUnsafe}} "password file $PF on {{target.Name}} is readable by group or others ($perms): chmod 600";; esac
            out=$(rsync --list-only --contimeout={{contimeout}} --timeout=60 {{NoDelay}} --password-file="$PF" '{{remote}}/{{mirror.SentinelFile}}' 2>&1); rc=$?
            if [ $rc -eq 23 ]; then guard {{SentinelMissing}} "the source store on {{source.Name}} has no {{mirror.SentinelFile}}: unmounted or emptied? refusing to pull"; fi
            if [ $rc -ne 0 ]; then echo "$out" >&2; exit $rc; fi
            mkdir -p '{{mirror.StorePath}}'
            {{marker.Export}}
            {{pull(flags, remote)}}
            """;
        return new RemoteCommand(name, script, timeout + TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Whether the source's rsync daemon accepts a connection on the mirror network, asked from the pulling
    /// node within <paramref name="connectTimeout"/>: the module list needs no password and moves no files.
    /// </summary>
    public static RemoteCommand ProbeDaemon(NodeOptions source, TimeSpan connectTimeout)
    {
        ArgumentNullException.ThrowIfNull(source);
        var seconds = ConnectSeconds(connectTimeout);
        return new RemoteCommand("rsync-daemon-probe", $"rsync --contimeout={seconds} --timeout={seconds} 'rsync://{source.MirrorAddress}/' >/dev/null", connectTimeout + connectTimeout + TimeSpan.FromSeconds(2));
    }

    // rsync takes whole seconds; never 0 (that means "no limit").
    private static string ConnectSeconds(TimeSpan connectTimeout) =>
        ((int)Math.Max(1, Math.Ceiling(connectTimeout.TotalSeconds))).ToString(CultureInfo.InvariantCulture);

    /// <summary>Counts regular files in the source store after checking its sentinel (run on the source).</summary>
    public static RemoteCommand CountSource(MirrorOptions mirror)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        return new RemoteCommand(
            "count-source",
            $"[ -f '{mirror.StorePath}/{mirror.SentinelFile}' ] || {{ echo 'mailha-guard: no sentinel' >&2; exit {SentinelMissing}; }}; find '{mirror.StorePath}' -type f | wc -l");
    }
}

/// <summary>What a mirror run does about an earlier pull still running into the same store (see <see cref="MirrorScript.PullRunning"/>).</summary>
public enum EarlierPull
{
    /// <summary>Refuse: the earlier one may belong to a live instance late renewing its lease; the next run retries.</summary>
    Refuse,

    /// <summary>Stop it, then pull: only for a run inside an operation, which holds the only operation lease.</summary>
    Stop,
}
