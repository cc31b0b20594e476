using System.Globalization;
using System.Text;

namespace MailHa.Bench;

/// <summary>The topologies stage's section of the report: status by lab size, one service's failover by model, serve's memory by services.</summary>
internal static class TopologiesReport
{
    public static void Append(StringBuilder md, TopologiesBench? bench)
    {
        md.Append("\n## 8. Topologies (issue #20)\n\n");
        if (bench is null || bench.Labs.Count == 0)
        {
            md.Append("Not measured in this run.\n");
            return;
        }

        md.Append("Labs, in the order measured (each `lab up` tears the previous lab down first; the asymmetric one is bench/run's own):\n\n| lab | `lab up` arguments | services | hosts | `up` took |\n|---|---|---|---|---|\n");
        foreach (var lab in bench.Labs)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {lab.Name} | `{(lab.UpArguments.Length == 0 ? "(none)" : lab.UpArguments)}` | {lab.Services} | {lab.Hosts} | {(lab.UpSeconds is { } s ? $"{s:0.0} s" : "(bench/run)")} |\n");
        }

        Status(md, bench);
        Failover(md, bench);
        Memory(md, bench);
    }

    private static void Status(StringBuilder md, TopologiesBench bench)
    {
        if (bench.Status.Count == 0)
        {
            return;
        }

        // The pair is measured first and, when the N+1 labs were measured too, again last: the ratios are to the mean of both.
        var pairs = bench.Status.Where(s => s.Lab is "asymmetric" or TopologiesBench.AsymmetricAgain).Select(s => Distribution.Of(s.Calls.Select(c => c.Ms))!.Median).ToList();
        var pair = pairs.Count == 0 ? (double?)null : pairs.Average();
        md.Append(CultureInfo.InvariantCulture, $"""

            ### Status by lab size

            `StatusService.GetAsync` (what `/mail status` gathers) in one long-lived container on each lab, every service's VIP
            on its home, the first call of the container apart, then warm-up calls until the JIT has settled (at least 40, then
            until 10 in a row compiled no method, at most 60 s), then {bench.StatusRuns} calls. The gather is
            parallel (one SSH listing per node, every VIP and the directory pairs at once), so 8 + 1 hosts should cost at most
            1.5× the asymmetric pair. The pair is measured first and again last (the machine's load drifts over the
            run); the ratio is to the mean of the two medians. The load average is `/proc/loadavg`'s first figure when
            each lab's calls began.

            | lab | services | hosts | load | calls | median | p95 | max | median × asymmetric | first call | unknown parts | services served |
            |---|---|---|---|---|---|---|---|---|---|---|---|

            """);
        foreach (var status in bench.Status)
        {
            var d = Distribution.Of(status.Calls.Select(c => c.Ms))!;
            md.Append(CultureInfo.InvariantCulture, $"| {status.Lab} | {status.Services} | {status.Hosts} | {status.Load:0.0} | {d.Count} | {Ms(d.Median)} | {Ms(d.P95)} | {Ms(d.Max)} | {Ratio(d.Median, pair)} | {Ms(status.ColdMs)} | {status.Calls.Sum(c => c.Unknown)} | {status.ServicesHeld}/{status.Services} |\n");
        }

        StatusCpu(md, bench, pair);
    }

    /// <summary>What the warm calls cost in CPU, and the least a call can take on this machine's cores.</summary>
    private static void StatusCpu(StringBuilder md, TopologiesBench bench, double? pair)
    {
        var measured = bench.Status.Where(s => s.Cpu is not null).ToList();
        if (measured.Count == 0)
        {
            return;
        }

        var cores = measured[0].Cpu!.Cores;
        md.Append(CultureInfo.InvariantCulture, $"""

            #### CPU per status call

            CPU time used during the warm calls, divided by their number: by MailHa (the bench's process, whose container
            gathers; beside it the time the JIT spent compiling meanwhile, elapsed: near zero once the code has settled, as in a
            long-running `mailha serve`), by the lab's hosts (every process in their namespaces: sshd and the kept shells, Postfix, Dovecot,
            slapd) and by the whole machine (`/proc/stat`, other work on it included). The lab's hosts run on the same
            {cores} cores as MailHa, so no call can take less than MailHa's and the hosts' CPU time over {cores} cores (the
            floor); on separate machines each host's part runs on its own.

            | lab | hosts | MailHa | JIT compiling | the hosts | per host | floor on {cores} cores | floor ÷ (1.5 × pair) | machine, all work | median call |
            |---|---|---|---|---|---|---|---|---|---|

            """);
        foreach (var status in measured)
        {
            var cpu = status.Cpu!;
            var median = Distribution.Of(status.Calls.Select(c => c.Ms))!.Median;
            var target = pair is { } p ? p * 1.5 : (double?)null;
            md.Append(CultureInfo.InvariantCulture, $"| {status.Lab} | {status.Hosts} | {cpu.MailHaMs:0.0} ms | {cpu.JitMs:0.0} ms | {cpu.HostsMs:0.0} ms | {cpu.HostsMs / status.Hosts:0.0} ms | {cpu.FloorMs:0.0} ms | {Ratio(cpu.FloorMs, target)} | {cpu.MachineMs:0.0} ms | {Ms(median)} |\n");
        }
    }

    private static void Failover(StringBuilder md, TopologiesBench bench)
    {
        if (bench.Failovers.Count == 0)
        {
            return;
        }

        double? Median(string lab) => Distribution.Of(bench.Failovers.Where(f => f.Lab == lab && f.Outcome == "Succeeded").Select(f => f.VipMs).OfType<double>())?.Median;
        var pair = Median("asymmetric");
        md.Append("""

            ### One service's failover by model

            An unplanned failover of each lab's first service: a good mirror run, its home cut off (`lab cut`), the plan made
            as the approval card's preview makes it (`--primary-down`), then from approval (`FailoverEngine.RunAsync`) to the
            VIP answering from the target (a new SMTP connection to the VIP every 20 ms from the root namespace), and to
            `RunAsync` returning. Fresh journal per run; the lab's baseline before and after each.

            | lab | service | from → to | runs | succeeded | VIP answering: median | min | max | × asymmetric | returned: median | plan: median |
            |---|---|---|---|---|---|---|---|---|---|---|

            """);
        foreach (var group in bench.Failovers.GroupBy(f => f.Lab))
        {
            var ok = group.Where(f => f.Outcome == "Succeeded").ToList();
            var vip = Distribution.Of(ok.Select(f => f.VipMs).OfType<double>());
            var done = Distribution.Of(ok.Select(f => f.DoneMs).OfType<double>());
            var plan = Distribution.Of(group.Where(f => f.PlanMs > 0).Select(f => f.PlanMs));
            var first = group.First();
            md.Append(CultureInfo.InvariantCulture, $"| {group.Key} | {first.Service} | {first.From} → {(first.To.Length > 0 ? first.To : "?")} | {group.Count()} | {ok.Count} | {Ms(vip?.Median)} | {Ms(vip?.Min)} | {Ms(vip?.Max)} | {Ratio(vip?.Median, pair)} | {Ms(done?.Median)} | {Ms(plan?.Median)} |\n");
        }

        foreach (var failed in bench.Failovers.Where(f => f.Outcome != "Succeeded"))
        {
            md.Append(CultureInfo.InvariantCulture, $"\n- {failed.Lab} #{failed.Sequence}: {failed.Outcome}: {failed.Note.Replace("\n", " ", StringComparison.Ordinal)}");
        }

        md.Append('\n');
    }

    private static void Memory(StringBuilder md, TopologiesBench bench)
    {
        if (bench.Memory.Count == 0)
        {
            return;
        }

        var one = bench.Memory.FirstOrDefault(m => m.Services == 1);
        md.Append(CultureInfo.InvariantCulture, $"""

            ### `mailha serve`'s memory by number of services

            `mailha serve --config lab/.run/mailha.json` (the lab's configuration: console in demo mode, health watch every
            15 s; the scheduled mirror off, so no run lands in the window), resident memory (`VmRSS`) 5 s after `/healthz`
            first answered, then after `/mail status` typed into its console {bench.Memory[0].CommandMs.Count} times and
            {bench.Memory[0].IdleSeconds:0} s idle; peak is `VmHWM`.

            | lab | services | ready | after status and idle | peak | after × 1 service | `/mail status` through the console: median |
            |---|---|---|---|---|---|---|

            """);
        foreach (var memory in bench.Memory)
        {
            md.Append(CultureInfo.InvariantCulture, $"| {memory.Lab} | {memory.Services} | {Mib(memory.ReadyKib)} | {Mib(memory.AfterKib)} | {Mib(memory.PeakKib)} | {Ratio(memory.AfterKib, one?.AfterKib)} | {Ms(Distribution.Of(memory.CommandMs)?.Median)} |\n");
        }
    }

    private static string Ms(double? ms) => ms is { } v ? $"{v:0} ms" : "—";

    private static string Mib(long kib) => $"{kib / 1024.0:0.0} MiB";

    private static string Ratio(double? value, double? baseline) => value is { } v && baseline is { } b && b > 0 ? $"{v / b:0.00}×" : "—";
}
