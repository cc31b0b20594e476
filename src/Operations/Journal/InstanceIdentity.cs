namespace MailHa.Operations.Journal;

/// <summary>
/// Who holds a lease: <c>machine:pid:start:nonce</c>. The start mark tells a process from a later
/// one that reused its PID; the nonce tells two hosts in one process apart. A holder on this
/// machine whose process is gone has surely lost its lease, without waiting for the expiry.
/// </summary>
public sealed class InstanceIdentity
{
    public InstanceIdentity()
    {
        Id = $"{Environment.MachineName}:{Environment.ProcessId}:{StartMark(Environment.ProcessId)}:{Guid.NewGuid().ToString("N")[..8]}";
    }

    public string Id { get; }

    public override string ToString() => Id;

    /// <summary>True when <paramref name="holder"/> names a process on this machine that no longer runs (crashed, killed, PID reused).</summary>
    public static bool IsGone(string holder)
    {
        ArgumentNullException.ThrowIfNull(holder);
        var parts = holder.Split(':');
        if (parts.Length is < 2 or > 4 || parts[0] != Environment.MachineName || !int.TryParse(parts[1], out var pid))
        {
            return false;
        }

        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            if (process.HasExited)
            {
                return true;
            }
        }
        catch (ArgumentException)
        {
            return true;
        }

        return parts.Length >= 3 && parts[2].Length > 0 && StartMark(pid) is { Length: > 0 } now && now != parts[2];
    }

    /// <summary>The process's start time in clock ticks since boot (<c>/proc/PID/stat</c> field 22); empty where there is no procfs.</summary>
    private static string StartMark(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields.Length > 19 ? fields[19] : "";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
