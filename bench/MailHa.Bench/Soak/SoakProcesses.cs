using System.Globalization;

namespace MailHa.Bench.Soak;

/// <summary>
/// The processes inside a lab node (its network namespace, listed by <c>ip netns pids</c>), read from /proc: rsync
/// clients writing into the store (pulls), and the continuous mirror's watchers.
/// </summary>
internal static class SoakProcesses
{
    /// <summary>Command lines of rsync clients (not the daemon) on <paramref name="host"/> whose destination is the store.</summary>
    public static List<string> Pulls(Lab lab, string host) =>
        [.. CommandLines(host).Where(c => c.Length > 0 && Path.GetFileName(c[0]) == "rsync" && !c.Contains("--daemon") && c[^1].TrimEnd('/') == lab.StorePath.TrimEnd('/'))
            .Select(c => string.Join(' ', c))];

    /// <summary>rsync clients and file watchers (inotifywait) still running on <paramref name="host"/>.</summary>
    public static List<string> Leftovers(string host) =>
        [.. CommandLines(host).Where(c => c.Length > 0 && ((Path.GetFileName(c[0]) == "rsync" && !c.Contains("--daemon")) || Path.GetFileName(c[0]) == "inotifywait"))
            .Select(c => string.Join(' ', c))];

    private static IEnumerable<string[]> CommandLines(string host)
    {
        var listed = Proc.RunAsync("ip", ["netns", "pids", $"mha-{host}"], TimeSpan.FromSeconds(10), CancellationToken.None).GetAwaiter().GetResult();
        foreach (var pid in listed.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[]? args = null;
            try
            {
                args = File.ReadAllText($"/proc/{int.Parse(pid, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}/cmdline").Split('\0', StringSplitOptions.RemoveEmptyEntries);
            }
            catch (IOException)
            {
                // Gone since the listing.
            }

            if (args is not null)
            {
                yield return args;
            }
        }
    }
}
