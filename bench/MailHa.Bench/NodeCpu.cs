using System.Globalization;

namespace MailHa.Bench;

/// <summary>
/// CPU time used by everything in one lab host's network namespace (<c>ip netns pids mha-HOST</c>): each process's user
/// and system time plus that of the children it reaped (sshd sessions, rsync, Postfix and Dovecot workers), in seconds.
/// Two readings apart give the cores the host used in between (a process that lived only in between and was reaped by
/// one outside the namespace is missed: none of the host's daemons is).
/// </summary>
internal static class NodeCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static async Task<double> SecondsAsync(string host, CancellationToken cancellationToken)
    {
        var pids = await Proc.RunAsync("ip", ["netns", "pids", $"mha-{host}"], TimeSpan.FromSeconds(10), cancellationToken);
        double ticks = 0;
        foreach (var pid in pids.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            try
            {
                var stat = await File.ReadAllTextAsync($"/proc/{pid}/stat", cancellationToken);
                // Fields after the command (which may hold spaces) in parentheses: state is field 3, utime..cstime are 14-17.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                for (var i = 11; i <= 14; i++)
                {
                    ticks += long.Parse(fields[i], NumberStyles.Integer, CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // Gone since it was listed.
            }
        }

        return ticks / TicksPerSecond;
    }
}
