using System.Globalization;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Mirror;

/// <summary>
/// The command run on the standby: guards first, in the same shell as rsync so nothing can change
/// between check and pull, then the seed's pull (<c>-rtopg --delete -z --password-file</c>) plus
/// <c>--stats</c> and <c>--max-delete</c>. Plain POSIX sh: it must run on Solaris too.
/// Guard failures exit 90–99 with a <c>mailha-guard:</c> line; rsync's own codes are below 40.
/// </summary>
public static class MirrorScript
{
    public const int StaleGeneration = 90;
    public const int WrongDirection = 91;
    public const int PasswordFileMissing = 92;
    public const int PasswordFileUnsafe = 93;
    public const int TargetHoldsVip = 94;
    public const int SentinelMissing = 95;

    /// <param name="connectTimeout">rsync's <c>--contimeout</c>: how long a source's daemon may take to accept (Ssh:ConnectTimeout, whole seconds).</param>
    public static RemoteCommand Build(MirrorOptions mirror, NodeOptions source, NodeOptions target, VipOptions vip, long generation, TimeSpan timeout, TimeSpan connectTimeout)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(vip);
        var gen = generation.ToString(CultureInfo.InvariantCulture);
        var remote = $"{mirror.User}@{source.MirrorAddress}::{mirror.Module}";
        var ioTimeout = ((int)Math.Max(30, timeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        var contimeout = ConnectSeconds(connectTimeout);
        var flags = "-rtopg --delete --stats" + (mirror.Compress ? " -z" : "")
            + (mirror.MaxDelete > 0 ? $" --max-delete={mirror.MaxDelete.ToString(CultureInfo.InvariantCulture)}" : "")
            + $" --contimeout={contimeout} --timeout={ioTimeout}";
        var script = $$"""
            guard() { echo "mailha-guard: $2" >&2; exit $1; }
            STATE='{{mirror.StateFile}}'
            gen=$(sed -n 's/^generation=//p' "$STATE" 2>/dev/null); gen=${gen:-0}
            active=$(sed -n 's/^active=//p' "$STATE" 2>/dev/null)
            [ "$gen" -le {{gen}} ] || guard {{StaleGeneration}} "{{target.Name}} records role generation $gen, newer than this run's {{gen}}: roles changed elsewhere, refusing to pull"
            if [ "$gen" -eq {{gen}} ] && [ "$active" != '{{source.Name}}' ]; then guard {{WrongDirection}} "{{target.Name}} records $active as active at generation {{gen}}: refusing to pull from {{source.Name}}"; fi
            if {{VipCommands.HoldsVipTest(target.Platform, vip.Address)}}; then guard {{TargetHoldsVip}} "{{target.Name}} holds the VIP {{vip.Address}}: it is the live store, refusing to pull over it"; fi
            PF='{{mirror.PasswordFile}}'
            [ -f "$PF" ] || guard {{PasswordFileMissing}} "password file $PF is missing on {{target.Name}}"
            set -- $(ls -ln "$PF"); perms=$1; owner=$3
            [ "$owner" = 0 ] || guard {{PasswordFileUnsafe}} "password file $PF on {{target.Name}} is owned by uid $owner, not root"
            case "$perms" in ????r*|???????r*) guard {{PasswordFileUnsafe}} "password file $PF on {{target.Name}} is readable by group or others ($perms): chmod 600";; esac
            out=$(rsync --list-only --contimeout={{contimeout}} --timeout=60 --password-file="$PF" '{{remote}}/{{mirror.SentinelFile}}' 2>&1); rc=$?
            if [ $rc -eq 23 ]; then guard {{SentinelMissing}} "the source store on {{source.Name}} has no {{mirror.SentinelFile}}: unmounted or emptied? refusing to pull"; fi
            if [ $rc -ne 0 ]; then echo "$out" >&2; exit $rc; fi
            mkdir -p '{{mirror.StorePath}}'
            exec rsync {{flags}} --password-file="$PF" '{{remote}}/' '{{mirror.StorePath}}/'
            """;
        return new RemoteCommand("rsync-pull", script, timeout + TimeSpan.FromSeconds(30));
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
