using System.Diagnostics;

namespace MailHa.Bench.Soak;

/// <summary>
/// The seeded fault-schedule soak (issue #23): MailHa's two instances on one PostgreSQL (<see cref="SoakCluster"/>),
/// users' mail through the VIP at a steady rate (2 a second), the continuous watchers (<see cref="SoakWatch"/>), then
/// the episodes of <see cref="SoakSchedule"/> for <c>minutes</c>, then the end checks (<see cref="SoakEndChecks"/>). A
/// violated invariant stops it; the result keeps the seed, the timeline so far and a copy of every instance's log.
/// </summary>
internal sealed class SoakRunner(Lab lab, string work, int seed, TimeSpan duration, TimeSpan? warmUp = null)
{
    /// <summary>Mail flowing, no fault yet; each instance's memory is taken as its after-warm-up figure once it has run this long.</summary>
    private readonly TimeSpan _warmUp = warmUp ?? TimeSpan.FromSeconds(60);

    public async Task<SoakResult> RunAsync(CancellationToken cancellationToken)
    {
        var topology = SoakTopology.Read(lab);
        var result = new SoakResult { Seed = seed, Planned = duration, Topology = topology.Name, Services = [.. topology.Services.Select(s => s.Name.Value)] };
        var clock = Stopwatch.StartNew();
        void Note(string text)
        {
            var line = $"{clock.Elapsed.TotalSeconds,7:0.0} s  {text}";
            lock (result.Timeline)
            {
                result.Timeline.Add(line);
            }

            Console.WriteLine($"  soak {line}");
        }

        Directory.CreateDirectory(work);
        await lab.NormalizeAsync(lab.Hosts[0], cancellationToken);
        var invariants = new SoakInvariants();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, invariants.Stop.Token);
        var faults = new SoakFaults(lab, work);
        await using var cluster = await SoakCluster.StartAsync(lab, work, cancellationToken);
        var watch = new SoakWatch(lab, topology, invariants);
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var watcher = watch.RunAsync(watching.Token);
        await using var mail = SoakMail.Start(topology, $"soak {seed} {DateTimeOffset.UtcNow:HHmmss}");
        var people = new SoakOperator(cluster, topology);
        var episodes = new SoakEpisodes(lab, topology, work, cluster, faults, people, watch, invariants, Note);
        try
        {
            Note($"seed {seed}, {duration.TotalMinutes:0.#} min; warm-up: a mirror run, then {_warmUp.TotalSeconds:0} s of mail");
            foreach (var service in topology.Services)
            {
                await cluster.CommandAsync(0, "alice", "/mail " + topology.Command("mirror run", service), stop.Token);
            }

            await Task.Delay(_warmUp, stop.Token);
            await cluster.SampleWarmMemoryAsync(_warmUp, stop.Token);
            foreach (var episode in SoakSchedule.Generate(seed))
            {
                if (clock.Elapsed >= duration + _warmUp || stop.IsCancellationRequested)
                {
                    break;
                }

                result.Episodes.Add(episode);
                Note(episode.Describe());
                try
                {
                    await episodes.RunAsync(episode, stop.Token);
                }
                catch (Exception e) when (e is not SoakViolation && !stop.IsCancellationRequested)
                {
                    result.Problems.Add($"episode {episode.Describe()}: {e.GetType().Name}: {e.Message}");
                    Note($"episode stopped: {e.Message}");
                    result.Problems.AddRange(await faults.UndoAllAsync());
                }

                await RecoverInstancesAsync(cluster, result, Note, stop.Token);
                await cluster.SampleWarmMemoryAsync(_warmUp, stop.Token);
            }
        }
        catch (SoakViolation)
        {
            // Recorded in invariants.Violation; the end below still undoes everything and keeps the logs.
        }
        catch (OperationCanceledException) when (invariants.Violation is not null)
        {
        }
        finally
        {
            result.Problems.AddRange(await faults.UndoAllAsync());
            await watching.CancelAsync();
            try
            {
                await watcher;
            }
            catch (IOException e)
            {
                result.Problems.Add($"the VIP/pull watch stopped: {e.Message}");
            }

            Note($"schedule over after {result.Episodes.Count} episodes; end checks");
        }

        result.VipSamplesPerSecond = watch.SamplesPerSecond;
        if (invariants.Violation is null)
        {
            var end = new SoakEndChecks(lab, topology, cluster, invariants, result, Note);
            await end.RunAsync(mail, episodes, cancellationToken);
        }

        result.Violation = invariants.Violation;
        foreach (var invariant in Enum.GetValues<Invariant>())
        {
            result.Checks.Add((invariant, invariants.Checks(invariant)));
        }

        result.Faults = faults.Injected;
        result.Actions = people.Actions;
        result.LogDirectory = KeepLogs(cluster, seed);
        result.EndedAt = DateTimeOffset.UtcNow;
        if (result.Violation is { } v)
        {
            Note($"VIOLATED {v.Message}");
        }

        return result;
    }

    /// <summary>An instance that exited by itself (not killed by the schedule) is a crash: a problem, and it is started again.</summary>
    private static async Task RecoverInstancesAsync(SoakCluster cluster, SoakResult result, Action<string> note, CancellationToken ct)
    {
        for (var i = 0; i < 2; i++)
        {
            if (cluster.Instances[i] is { HasExited: true } crashed)
            {
                result.Problems.Add($"mailha-{SoakCluster.Name(i)} exited by itself: {crashed.LogTail(5)}");
                note($"mailha-{SoakCluster.Name(i)} exited by itself; started again");
                await cluster.KillAsync(i);
            }

            if (cluster.Instances[i] is null)
            {
                await cluster.StartInstanceAsync(i, ct);
            }
        }
    }

    /// <summary>Copies every instance's log out of the lab's run directory (removed with the lab).</summary>
    private static string KeepLogs(SoakCluster cluster, int seed)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"mailha-soak-{seed}-{DateTimeOffset.UtcNow:yyyyMMddTHHmmss}")).FullName;
        foreach (var log in cluster.Logs.Where(File.Exists))
        {
            File.Copy(log, Path.Combine(directory, Path.GetFileName(log)), overwrite: true);
        }

        return directory;
    }
}
