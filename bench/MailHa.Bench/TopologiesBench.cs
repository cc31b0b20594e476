using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime;
using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using MailHa.TestSupport.Serve;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bench;

/// <summary>
/// The topologies stage (issue #20, <c>bench/run --only topologies</c>), every lab in one session: the asymmetric lab
/// bench/run brought up (the baseline of each question), then <c>lab up</c> symmetric and N+1 with 2, 4, 8 services
/// (8 + 1 hosts). Measures StatusService.GetAsync on the asymmetric lab and each N+1 lab (the gather is parallel:
/// 8 + 1 should cost at most 1.5× the pair); one unplanned failover of the first service on the asymmetric, symmetric
/// and 2-service N+1 labs; the resident memory of <c>mailha serve</c> with 1 service (asymmetric) and with the largest
/// N. Each run starts from the tests' baseline (<see cref="Lab.Baseline"/>). Ends with the largest N+1 lab up
/// (bench/run takes it down); a lab that fails is reported and the next one measured.
/// </summary>
internal sealed class TopologiesBench(Lab lab, string workDirectory, IReadOnlyList<int> serviceCounts, int statusRuns, int failoverRuns, int memoryCommands)
{
    private static readonly TimeSpan VipPatience = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(20);
    private const int MinWarmUps = 40;
    private const int QuietWarmUps = 10;
    private static readonly TimeSpan MaxWarmUp = TimeSpan.FromSeconds(60);

    public List<TopologyLab> Labs { get; } = [];

    public List<TopologyStatus> Status { get; } = [];

    public List<TopologyFailover> Failovers { get; } = [];

    public List<ServeMemory> Memory { get; } = [];

    public int StatusRuns => statusRuns;

    /// <summary>The asymmetric lab measured again after the others (its status only).</summary>
    public const string AsymmetricAgain = "asymmetric, again";

    public async Task RunAsync(List<string> problems, CancellationToken cancellationToken)
    {
        var largest = serviceCounts.Count == 0 ? 0 : serviceCounts.Max();
        var plan = new List<(string Name, string[] Up, bool Status, bool Failover, bool Memory)>
        {
            ("asymmetric", [], true, true, memoryCommands > 0),
            ("symmetric", ["--topology", "symmetric"], false, true, false),
        };
        plan.AddRange(serviceCounts.Select(n => ($"n+1, {n} services", new[] { "--topology", "n+1", "--services", n.ToString(CultureInfo.InvariantCulture) }, true, n == 2, n == largest && memoryCommands > 0)));
        if (serviceCounts.Count > 0)
        {
            // The pair once more, last: on a shared machine the load drifts over the ~10 minutes, so the ratios are to the
            // mean of the pair measured first and last (TopologiesReport).
            plan.Add((AsymmetricAgain, ["--topology", "asymmetric"], true, false, false));
        }

        foreach (var (name, up, status, failover, memory) in plan)
        {
            try
            {
                // The asymmetric lab is the one bench/run brought up; every other is brought up here (the previous one goes down first).
                double? upSeconds = up.Length == 0 ? null : (await lab.UpAsync(up, cancellationToken)).TotalSeconds;
                Directory.CreateDirectory(workDirectory); // under the lab's run directory, which lab up made anew
                Labs.Add(new TopologyLab(name, string.Join(' ', up), lab.Baseline.Services.Count, lab.Baseline.Hosts.Count, upSeconds));
                Console.WriteLine($"  {name}: {lab.Baseline.Services.Count} services on {lab.Baseline.Hosts.Count} hosts{(upSeconds is { } s ? $", up in {s:0.0} s" : "")}");
                if (status)
                {
                    await StatusAsync(name, cancellationToken);
                }

                for (var k = 0; failover && k < failoverRuns; k++)
                {
                    await FailoverAsync(name, k, cancellationToken);
                }

                if (memory)
                {
                    await MemoryAsync(name, cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                problems.Add($"topologies, {name}: stopped early: {e.GetType().Name}: {e.Message}");
                Console.Error.WriteLine($"topologies, {name} failed: {e}");
            }
        }
    }

    private static Dictionary<string, string?> Overrides(string databasePath) => new()
    {
        ["MailHa:Storage:DatabasePath"] = databasePath,
        ["MailHa:Mirror:ScheduleEnabled"] = "false",
    };

    private async Task StatusAsync(string name, CancellationToken cancellationToken)
    {
        await lab.Baseline.RestoreAsync(cancellationToken);
        var timeline = new GatherTimeline();
        using var host = LabHost.Build(lab, Overrides(Path.Combine(workDirectory, $"topology-status-{Guid.NewGuid():N}.db")), new SshCommandLog(), s => GatherTimeline.Register(s, timeline));
        var status = host.Services.GetRequiredService<StatusService>();
        var cold = await CallAsync(status, timeline, cancellationToken);
        var warmUps = await WarmUpAsync(status, timeline, cancellationToken);
        var load = double.Parse((await File.ReadAllTextAsync("/proc/loadavg", cancellationToken)).Split(' ')[0], CultureInfo.InvariantCulture);
        var calls = new List<StatusCall>();
        var gathers = new List<GatherBreakdown>();
        var held = 0;
        var cpu = await CallCpu.ReadAsync(lab.Baseline.Hosts, cancellationToken);
        for (var i = 0; i < statusRuns; i++)
        {
            var (call, report, gather) = await TimedAsync(status, timeline, cancellationToken);
            calls.Add(call);
            gathers.Add(gather);
            held = report.Services.Count(s => s.Vip?.Verdict == VipVerdict.HeldBy);
        }

        var perCall = await cpu.PerCallAsync(statusRuns, cancellationToken);

        var parts = await StatusParts.MeasureAsync(host.Services, Math.Max(3, statusRuns / 2), cancellationToken);
        Status.Add(new TopologyStatus(name, lab.Baseline.Services.Count, lab.Baseline.Hosts.Count, cold.Ms, calls, held) { Gathers = gathers, Parts = parts, Load = load, Cpu = perCall });
        Console.WriteLine($"    status: median {Distribution.Of(calls.Select(c => c.Ms))!.Median:0} ms over {calls.Count} calls (cold {cold.Ms:0} ms, then {warmUps} warm-ups), {calls.Sum(c => c.Unknown)} unknown parts, {held}/{lab.Baseline.Services.Count} services held");
        Console.WriteLine($"    CPU per call: MailHa {perCall.MailHaMs:0.0} ms (JIT compiling: {perCall.JitMs:0.0} ms), the {lab.Baseline.Hosts.Count} hosts {perCall.HostsMs:0.0} ms, machine {perCall.MachineMs:0.0} ms; floor on {perCall.Cores} cores {perCall.FloorMs:0.0} ms");
        Console.WriteLine($"    where it goes (medians): {GatherBreakdown.Summary(gathers)}");
        Console.WriteLine($"    each part alone (medians): {string.Join(", ", parts.Select(p => $"{p.Key} {p.Value:0.0} ms"))}");
        var slowest = gathers.OrderBy(g => g.TotalMs).ElementAt(gathers.Count / 2);
        Console.WriteLine($"    the median call's port calls ({slowest.TotalMs:0.0} ms, synchronous start {slowest.SyncMs:0.0} ms, pool {slowest.MaxThreads} threads, {slowest.MaxPending} waiting at most):");
        foreach (var span in slowest.Spans)
        {
            Console.WriteLine($"      {span.StartMs,7:0.0} → {span.EndMs,7:0.0} ms  {span.Kind,-4} {span.Label}");
        }
    }

    /// <summary>
    /// Calls until the JIT has settled, so the measured calls' CPU is MailHa's and not the JIT's: tiered compilation
    /// compiles a method again, optimised and on a thread of this process, once it has been called 30 times (after 100 ms
    /// without new methods), and the first labs' calls would pay for it. At least <see cref="MinWarmUps"/> calls, then
    /// until <see cref="QuietWarmUps"/> calls in a row compiled no method; at most <see cref="MaxWarmUp"/> (at 8 + 1 on a
    /// loaded two-core machine the JIT took some 400 calls, 17 s, to settle). Returns how many it made.
    /// </summary>
    private static async Task<int> WarmUpAsync(StatusService status, GatherTimeline timeline, CancellationToken cancellationToken)
    {
        var (calls, quiet) = (0, 0);
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < MaxWarmUp && (calls < MinWarmUps || quiet < QuietWarmUps))
        {
            var compiled = JitInfo.GetCompiledMethodCount();
            await CallAsync(status, timeline, cancellationToken);
            calls++;
            quiet = JitInfo.GetCompiledMethodCount() == compiled ? quiet + 1 : 0;
        }

        return calls;
    }

    private static async Task<StatusCall> CallAsync(StatusService status, GatherTimeline timeline, CancellationToken cancellationToken) => (await TimedAsync(status, timeline, cancellationToken)).Call;

    private static async Task<(StatusCall Call, StatusReport Report, GatherBreakdown Gather)> TimedAsync(StatusService status, GatherTimeline timeline, CancellationToken cancellationToken)
    {
        StatusReport report;
        double syncMs;
        Stopwatch clock;
        using (timeline.Begin())
        {
            clock = Stopwatch.StartNew();
            var gathering = status.GetAsync(cancellationToken);
            syncMs = clock.Elapsed.TotalMilliseconds;
            report = await gathering;
            clock.Stop();
        }

        var ms = clock.Elapsed.TotalMilliseconds;
        var (pending, threads) = timeline.Pool;
        return (new StatusCall(ms, report.Unknown.Count, string.Join("; ", report.Unknown)), report, new GatherBreakdown(ms, syncMs, timeline.Spans, threads, pending));
    }

    private async Task FailoverAsync(string name, int k, CancellationToken cancellationToken)
    {
        var service = lab.Baseline.Services[0];
        var source = service.Home.Value;
        await lab.Baseline.RestoreAsync(cancellationToken);
        var to = "";
        TopologyFailover run;
        try
        {
            using var host = LabHost.Build(lab, Overrides(Path.Combine(workDirectory, $"topology-failover-{Guid.NewGuid():N}.db")), new SshCommandLog());
            var engine = host.Services.GetRequiredService<FailoverEngine>();
            var configured = host.Services.GetRequiredService<MailTopology>().Services[0];

            // The journal knows a good mirror run, then the home "fails".
            var mirror = await host.Services.GetRequiredService<MirrorRunner>().RunAsync(new MirrorRequest(configured, "bench"), cancellationToken);
            if (!mirror.IsGood)
            {
                throw new InvalidOperationException($"the mirror run before the failover failed: {mirror.Describe()}");
            }

            await lab.VerbAsync(cancellationToken, "cut", source);
            var request = new FailoverRequest(configured, OperationKind.Failover, "bench:requester", "bench:approver", new FailoverOverrides(PrimaryDown: true));
            var planClock = Stopwatch.StartNew();
            var plan = await engine.PlanAsync(request, cancellationToken);
            var planMs = planClock.Elapsed.TotalMilliseconds;
            if (plan.Refusal is not null)
            {
                throw new InvalidOperationException($"the plan refuses: {plan.Refusal.Describe()}");
            }

            to = plan.Target.Value;
            var clock = new Stopwatch();
            using var watchStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            clock.Start();
            var watch = VipWatch.WaitForAsync(service.Vip.Address, to, source, clock, VipPatience, watchStop.Token);
            var report = await engine.RunAsync(request, null, cancellationToken);
            var done = clock.Elapsed.TotalMilliseconds;
            if (report.Outcome != FailoverOutcome.Succeeded)
            {
                watchStop.CancelAfter(TimeSpan.FromSeconds(2));
            }

            var vip = await watch;
            run = new TopologyFailover(name, k, service.Name.Value, source, to, planMs, vip.Target?.TotalMilliseconds, done, report.Outcome.ToString(),
                report.Outcome == FailoverOutcome.Succeeded ? "" : report.Describe());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            run = new TopologyFailover(name, k, service.Name.Value, source, to, 0, null, null, "Error", e.Message);
        }
        finally
        {
            // The cut home still holds the VIP behind its links: the baseline of the next run takes it off and reconnects it.
            await lab.Baseline.RestoreAsync(CancellationToken.None);
        }

        Failovers.Add(run);
        Console.WriteLine($"    failover #{k} {run.Service} {run.From}→{(run.To.Length > 0 ? run.To : "?")}: {run.Outcome}, plan {run.PlanMs:0} ms, VIP from the target at {Ms(run.VipMs)}, returned at {Ms(run.DoneMs)}{(run.Note.Length > 0 ? $" ({run.Note})" : "")}");
    }

    private async Task MemoryAsync(string name, CancellationToken cancellationToken)
    {
        await lab.Baseline.RestoreAsync(cancellationToken);
        var settings = new Dictionary<string, string>
        {
            ["MailHa:Storage:DatabasePath"] = Path.Combine(workDirectory, $"topology-serve-{Guid.NewGuid():N}.db"),
            ["MailHa:Mirror:ScheduleEnabled"] = "false",
        };
        var log = Path.Combine(workDirectory, $"topology-serve-{lab.Baseline.Services.Count}.log");
        await using var serve = await ServeProcess.StartAsync(lab.Verbs, $"serve-{lab.Baseline.Services.Count}", null, ServeProcess.FreePort(), settings, log, cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var ready = serve.ResidentKib() ?? throw new InvalidOperationException($"mailha serve exited: {serve.LogTail()}");
        using var http = new HttpClient { BaseAddress = serve.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var commands = new List<double>();
        for (var i = 0; i < memoryCommands; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.PostAsJsonAsync("console/api/command", new { @as = "carol", text = "/mail status" }, cancellationToken);
            response.EnsureSuccessStatusCode();
            commands.Add(clock.Elapsed.TotalMilliseconds);
        }

        await Task.Delay(Idle, cancellationToken);
        var after = serve.ResidentKib() ?? throw new InvalidOperationException($"mailha serve exited: {serve.LogTail()}");
        var peak = PeakKib(serve.Pid) ?? after;
        Memory.Add(new ServeMemory(name, lab.Baseline.Services.Count, ready, after, peak, commands, Idle.TotalSeconds));
        Console.WriteLine($"    mailha serve: {ready / 1024.0:0.0} MiB ready, {after / 1024.0:0.0} MiB after {commands.Count} × /mail status (median {Distribution.Of(commands)?.Median:0} ms) and {Idle.TotalSeconds:0} s idle, peak {peak / 1024.0:0.0} MiB");
    }

    /// <summary>VmHWM of a process (its peak resident set, KiB), or null when it has exited.</summary>
    private static long? PeakKib(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string Ms(double? ms) => ms is { } v ? $"{v:0} ms" : "—";
}
