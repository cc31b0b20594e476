using System.Globalization;
using MailHa.Bench;
using MailHa.Bench.Soak;
using MailHa.Operations.Failover;

// mailha-bench: run by bench/run inside the machine-wide lab lock, with the lab up. See bench/README.md.
var options = BenchOptions.Parse(args);
if (options.GenerateStore is { } generateInto)
{
    // The continuous stage's big store, made once outside the lab (no lock): bench/run --only continuous --continuous-store DIR.
    Directory.CreateDirectory(generateInto);
    ContinuousBench.Manifest.Generate(generateInto, options.Folders, options.FilesPerFolder);
    return 0;
}

var lab = new Lab(options.Repository);
var work = Directory.CreateDirectory(Path.Combine(lab.RunDirectory, "bench")).FullName;
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};

if (options.ConnectTimeout is { } connect)
{
    LabHost.Timeouts["MailHa:Ssh:ConnectTimeout"] = TimeSpan.FromSeconds(connect).ToString("c", CultureInfo.InvariantCulture);
}

if (options.ProbeTimeout is { } probe)
{
    LabHost.Timeouts["MailHa:Vip:ProbeTimeout"] = TimeSpan.FromSeconds(probe).ToString("c", CultureInfo.InvariantCulture);
}

if (options.Only.SetEquals(["soak"]))
{
    // The soak alone (issue #23): its own report, its own exit code (1 when an invariant was violated).
    var soak = await new SoakRunner(lab, Path.Combine(work, "soak"), options.SoakSeed, TimeSpan.FromMinutes(options.SoakMinutes)).RunAsync(stop.Token);
    var soakOutput = Path.GetFullPath(options.Output == BenchOptions.DefaultOutput ? "docs/benchmarks-soak-latest.md" : options.Output, options.Repository);
    await File.WriteAllTextAsync(soakOutput, SoakReport.Markdown(soak, options.Command));
    Console.WriteLine($"wrote {soakOutput}: {(soak.Passed ? "every invariant held" : soak.Violation?.Message ?? string.Join("; ", soak.Problems))}");
    return soak.Passed ? 0 : 1;
}

var results = new Results { Command = options.Command, StartedAt = DateTimeOffset.UtcNow };
async Task StageAsync(string name, Func<Task> stage)
{
    if (!options.Wants(name) || stop.IsCancellationRequested)
    {
        results.Problems.Add($"{name}: not run ({(stop.IsCancellationRequested ? "interrupted" : "not selected with --only")}).");
        return;
    }

    Console.WriteLine($"== {name} ({DateTimeOffset.UtcNow:HH:mm:ss}Z)");
    try
    {
        await stage();
    }
    catch (Exception e) when (e is not OperationCanceledException || stop.IsCancellationRequested)
    {
        results.Problems.Add($"{name}: stopped early: {e.GetType().Name}: {e.Message}");
        Console.Error.WriteLine($"{name} failed: {e}");
    }
}

await StageAsync("status", async () =>
{
    results.Status = new StatusBench(lab, work, options.StatusRuns, options.StatusCutRuns);
    await results.Status.RunAsync(stop.Token);
});
await StageAsync("switchover", async () =>
{
    results.Switchovers = [];
    var runs = await new FailoverBench(lab, work).RunAsync(OperationKind.Switchover, options.Runs, options.Runs, stop.Token);
    results.Switchovers.AddRange(runs);
});
await StageAsync("failover", async () =>
{
    results.Failovers = [];
    var runs = await new FailoverBench(lab, work).RunAsync(OperationKind.Failover, options.FailoverRuns, options.FailoverRuns, stop.Token);
    results.Failovers.AddRange(runs);
});
await StageAsync("mirror", async () =>
{
    results.Mirror = new MirrorBench(lab, work, options.MirrorRuns, options.Folders, options.FilesPerFolder);
    await results.Mirror.RunAsync(
        options.BigSwitchoverRuns > 0
            ? async () => results.BigSwitchovers = await new FailoverBench(lab, work).RunAsync(OperationKind.Switchover, options.BigSwitchoverRuns, options.BigSwitchoverRuns, stop.Token)
            : null,
        stop.Token);
});
await StageAsync("slack", async () =>
{
    results.Slack = new SlackBench(lab, work, options.SlackRequests, options.SlackConcurrency, TimeSpan.FromSeconds(options.SlackSeconds));
    await results.Slack.RunAsync(stop.Token);
});
await StageAsync("restore", async () =>
{
    results.Restores = [];
    var restore = new RestoreBench(lab, work, options.RestoreDownAfter is { } s ? TimeSpan.FromSeconds(s) : null, TimeSpan.FromMinutes(options.RestoreFlapMinutes));
    results.Restores.AddRange(await restore.RunAsync(options.RestoreRuns, stop.Token));
    results.QuietRuns = restore.QuietRuns;
    results.SampleTimeline = restore.SampleTimeline;
});
await StageAsync("instances", async () =>
{
    results.Instances = new InstancesBench(lab, work, options.ApprovalRuns, options.TakeoverRuns, options.TakeoverBaselineRuns, options.MidMirrorRuns);
    await results.Instances.RunAsync(results.Problems, stop.Token);
});

await StageAsync("continuous", async () =>
{
    results.Continuous = new ContinuousBench(lab, work, options.Continuous);
    await results.Continuous.RunAsync(results.Problems, stop.Token);
});

// Last: it replaces the asymmetric lab with the symmetric and N+1 ones (bench/run takes the last down).
await StageAsync("topologies", async () =>
{
    results.Topologies = new TopologiesBench(lab, work, options.TopologyServices, options.TopologyStatusRuns, options.TopologyFailoverRuns, options.MemoryCommands);
    await results.Topologies.RunAsync(results.Problems, stop.Token);
});

try
{
    await lab.NormalizeAsync("mail1", CancellationToken.None);
}
catch (InvalidOperationException e)
{
    results.Problems.Add($"could not put the lab back to mail1 at the end: {e.Message}");
}

results.EndedAt = DateTimeOffset.UtcNow;
var markdown = await Report.WriteAsync(results, lab, options);
var output = Path.GetFullPath(options.Output, options.Repository);
Directory.CreateDirectory(Path.GetDirectoryName(output)!);
await File.WriteAllTextAsync(output, markdown);
Console.WriteLine($"wrote {output} ({(results.EndedAt - results.StartedAt).TotalMinutes.ToString("0.0", CultureInfo.InvariantCulture)} min)");
return results.Problems.Any(p => !p.Contains("not selected", StringComparison.Ordinal)) ? 1 : 0;
