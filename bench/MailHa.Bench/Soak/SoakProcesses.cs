using System.Globalization;

namespace MailHa.Bench.Soak;

/// <summary>
/// The processes inside a lab node (its network namespace, listed by <c>ip netns pids</c>), read from /proc: rsync
/// clients and where they write (pulls into a store), and the continuous mirror's watchers.
/// </summary>
internal static class SoakProcesses
{
    /// <summary>The rsync clients (not the daemon) on <paramref name="host"/>: each one's destination (its last argument) and command line.</summary>
    public static List<(string Destination, string CommandLine)> Pulls(string host) =>
        [.. CommandLines(host).Where(c => c.Length > 0 && Path.GetFileName(c[0]) == "rsync" && !c.Contains("--daemon")).Select(c => (c[^1], string.Join(' ', c)))];

    /// <summary>Whether two paths name the same directory, a trailing slash or not.</summary>
    public static bool SamePath(string a, string b) => a.TrimEnd('/') == b.TrimEnd('/');

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
