using System.Diagnostics;

namespace MailHa.Bench.Soak;

/// <summary>
/// Checks that run all along the soak, per service: its VIP's holders among the nodes that are not cut off (at most
/// one; every VIP sampled about 20 times a second by reading each node's addresses once), and no pull (an rsync client
/// writing into the service's store) on the node that serves the service's VIP. A pull counts only when the same node
/// held the VIP just before and just after the processes were listed, so a switchover's final sync right before the VIP
/// moves is never mistaken for one.
/// </summary>
internal sealed class SoakWatch(Lab lab, SoakTopology topology, SoakInvariants invariants)
{
    private static readonly TimeSpan VipPeriod = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan PullPeriod = TimeSpan.FromMilliseconds(500);
    private readonly long[] _noHolder = new long[topology.Services.Count];
    private long _samples;
    private double _seconds;

    /// <summary>Samples with no holder of <paramref name="service"/>'s VIP since the soak started (the VIP down for everyone).</summary>
    public long NoHolderSamples(SoakService service) => Interlocked.Read(ref _noHolder[service.Index]);

    public double SamplesPerSecond => _seconds > 0 ? Interlocked.Read(ref _samples) / _seconds : 0;

    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(VipAsync(cancellationToken), PullsAsync(cancellationToken));

    /// <summary>The reachable holders of <paramref name="service"/>'s VIP now (nodes not cut off that have it).</summary>
    public async Task<List<string>> HoldersAsync(SoakService service, CancellationToken cancellationToken) =>
        (await AllHoldersAsync(cancellationToken))[service.Index];

    /// <summary>Per service (in the topology's order), the reachable holders of its VIP now, from one read of each node's addresses.</summary>
    public Task<List<string>[]> AllHoldersAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var held = topology.Hosts.Where(h => !lab.IsCut(h)).Select(h => (Host: h, Vips: LocalAddresses(h))).ToList();
        return Task.FromResult(topology.Services.Select(s => held.Where(h => h.Vips.Contains(s.Vip)).Select(h => h.Host).ToList()).ToArray());
    }

    /// <summary>
    /// The addresses <paramref name="host"/> has as its own (/32 host LOCAL): its namespace's routing trie as its holder
    /// process sees it (<c>/proc/PID/net/fib_trie</c>), read without starting a process, so that sampling 20 times a second costs little.
    /// </summary>
    private HashSet<string> LocalAddresses(string host)
    {
        var pid = File.ReadAllText(Path.Combine(lab.RunDirectory, "pids", $"holder-{host}.pid")).Trim();
        var lines = File.ReadAllLines($"/proc/{pid}/net/fib_trie");
        var local = new HashSet<string>(StringComparer.Ordinal);
        for (var k = 0; k + 1 < lines.Length; k++)
        {
            if (lines[k].Trim() is ['|', '-', '-', ' ', .. var address] && lines[k + 1].Contains("/32 host LOCAL", StringComparison.Ordinal))
            {
                local.Add(address);
            }
        }

        return local;
    }

    private async Task VipAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!cancellationToken.IsCancellationRequested)
        {
            var next = clock.Elapsed + VipPeriod;
            try
            {
                var all = await AllHoldersAsync(cancellationToken);
                Interlocked.Increment(ref _samples);
                _seconds = clock.Elapsed.TotalSeconds;
                foreach (var service in topology.Services)
                {
                    var holders = all[service.Index];
                    if (holders.Count == 0)
                    {
                        Interlocked.Increment(ref _noHolder[service.Index]);
                    }

                    if (!invariants.Observe(Invariant.OneVipHolder, holders.Count <= 1, () => $"{Vip(service)} is held by {string.Join(" and ", holders)} at once"))
                    {
                        return;
                    }
                }

                var wait = next - clock.Elapsed;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task PullsAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var before = await AllHoldersAsync(cancellationToken);
                var pulls = topology.Hosts.ToDictionary(h => h, SoakProcesses.Pulls);
                var after = await AllHoldersAsync(cancellationToken);
                foreach (var service in topology.Services)
                {
                    var (was, now) = (before[service.Index], after[service.Index]);
                    var serving = was.Count == 1 && now.SequenceEqual(was) ? was[0] : null;
                    var into = serving is null ? [] : pulls[serving].Where(p => SoakProcesses.SamePath(p.Destination, service.Store)).Select(p => p.CommandLine).ToList();
                    if (!invariants.Observe(Invariant.NoPullIntoActive, into.Count == 0,
                        () => $"a pull writes into the store of {serving}, which serves {Vip(service)}: {string.Join(" | ", into)}"))
                    {
                        return;
                    }
                }

                await Task.Delay(PullPeriod, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>"the VIP" with one service (as the report always said), "jt-mail-a's VIP 198.18.15.10" with several.</summary>
    private string Vip(SoakService service) => topology.OneService ? "the VIP" : $"{service.Name}'s VIP {service.Vip}";
}
