using System.Diagnostics;
using System.Globalization;
using System.Runtime;

namespace MailHa.Bench;

/// <summary>
/// CPU time spent during a run of calls, per call, in ms: by this process (MailHa's gather, in the bench's container),
/// by the lab's hosts (<see cref="NodeCpu"/>: their sshd, shells, MTA, IMAP server, directory) and by the whole machine
/// (<c>/proc/stat</c>: everything, other work on the machine included). Where the lab's hosts share this machine's
/// cores with MailHa, a call cannot take less than what MailHa and the hosts used, over the cores there are.
/// </summary>
/// <param name="JitMs">
/// The time the JIT spent compiling in this process (<see cref="JitInfo.GetCompilationTime"/>, elapsed, on any thread):
/// work of the runtime's, not the gather's, that a long-running <c>mailha serve</c> has done; well above zero, the calls
/// measured code still being compiled.
/// </param>
internal sealed record CallCpu(double MailHaMs, double JitMs, double HostsMs, double MachineMs, int Cores)
{
    /// <summary>The least a call can take here: MailHa's and the hosts' CPU time spread over every core.</summary>
    public double FloorMs => (MailHaMs + HostsMs) / Cores;

    /// <summary>
    /// A reading before the calls; <see cref="Reading.PerCallAsync"/> after them gives each call's share. This process's
    /// own time is read last here and first there: reading the hosts starts an <c>ip netns pids</c> per host, work of the
    /// bench's that must not count as MailHa's.
    /// </summary>
    public static async Task<Reading> ReadAsync(IReadOnlyList<string> hosts, CancellationToken cancellationToken)
    {
        var hostsMs = await HostsMsAsync(hosts, cancellationToken);
        var machineMs = await MachineBusyMsAsync(cancellationToken);
        return new(hosts, ProcessMs(), JitInfo.GetCompilationTime().TotalMilliseconds, hostsMs, machineMs);
    }

    private static double ProcessMs()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalMilliseconds;
    }

    private static async Task<double> HostsMsAsync(IReadOnlyList<string> hosts, CancellationToken cancellationToken)
    {
        double seconds = 0;
        foreach (var host in hosts)
        {
            seconds += await NodeCpu.SecondsAsync(host, cancellationToken);
        }

        return seconds * 1000;
    }

    /// <summary>All cores' time not idle (user, nice, system, irq, softirq, steal), from the first line of /proc/stat, in ms.</summary>
    private static async Task<double> MachineBusyMsAsync(CancellationToken cancellationToken)
    {
        var first = (await File.ReadAllLinesAsync("/proc/stat", cancellationToken))[0];
        var ticks = first.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(f => long.Parse(f, NumberStyles.Integer, CultureInfo.InvariantCulture)).ToList();
        // cpu user nice system idle iowait irq softirq steal [guest guest_nice: already in user and nice]
        var busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7];
        return busy * 10.0; // USER_HZ is 100 on Linux
    }

    internal sealed record Reading(IReadOnlyList<string> Hosts, double MailHaMs, double JitMs, double HostsMs, double MachineMs)
    {
        public async Task<CallCpu> PerCallAsync(int calls, CancellationToken cancellationToken)
        {
            var mailHaMs = ProcessMs();
            var jitMs = JitInfo.GetCompilationTime().TotalMilliseconds;
            var machineMs = await MachineBusyMsAsync(cancellationToken);
            var hostsMs = await HostsMsAsync(Hosts, cancellationToken);
            return new CallCpu(
                (mailHaMs - MailHaMs) / calls,
                (jitMs - JitMs) / calls,
                (hostsMs - HostsMs) / calls,
                (machineMs - MachineMs) / calls,
                Environment.ProcessorCount);
        }
    }
}
