using MailHa.Operations.Topology;

namespace MailHa.Operations.Ssh;

/// <summary>
/// A variable a remote process carries in its environment so that it can be found again from another session,
/// after whoever started it is gone: the run tag <see cref="SshRemoteShell"/> kills on timeout, the mirror pull's
/// mark. A shell that exports it marks only the processes it starts after the export, never itself
/// (<c>/proc/PID/environ</c> and <c>pargs -e</c> show the environment a process was started with).
/// The value is put in single quotes: it must not hold one.
/// </summary>
public sealed record EnvironmentMarker(string Name, string Value)
{
    /// <summary>Shell text marking every process started after it (an <c>exec</c> included).</summary>
    public string Export => $"{Name}='{Value}'; export {Name}";

    /// <summary>
    /// POSIX sh text printing, one per line, the PIDs of the processes whose environment holds exactly
    /// <c>Name=Value</c>: on Linux from <c>/proc/PID/environ</c>, on Solaris from <c>pargs -e</c> (each line
    /// <c>envp[N]: NAME=value</c>), the only ways each platform shows another process's environment.
    /// </summary>
    public string FindProcesses(NodePlatform platform) => platform == NodePlatform.Solaris
        ? $"for p in `ps -e -o pid=`; do pargs -e $p 2>/dev/null | while read -r _ v; do [ \"$v\" = '{Name}={Value}' ] && echo $p; done; done"
        : $"grep -lsxzF '{Name}={Value}' /proc/[0-9]*/environ | sed -n 's|^/proc/\\([0-9]*\\)/environ$|\\1|p'";
}
