using System.Diagnostics;

namespace MailHa.Bench.Soak;

/// <summary>
/// Checks that run all along the soak: the VIP's holders among the nodes that are not cut off (at most one; sampled
/// about 20 times a second by reading each node's addresses), and no pull (an rsync client writing into the store) on
/// the node that serves the VIP. A pull counts only when the same node held the VIP just before and just after the
/// processes were listed, so a switchover's final sync right before the VIP moves is never mistaken for one.
/// </summary>
internal sealed class SoakWatch(Lab lab, SoakInvariants invariants)
{
    private static readonly TimeSpan VipPeriod = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan PullPeriod = TimeSpan.FromMilliseconds(500);
    private long _samples;
    private long _noHolder;
    private double _seconds;

    /// <summary>Samples with no holder since the soak started (the VIP down for everyone).</summary>
    public long NoHolderSamples => Interlocked.Read(ref _noHolder);

    public double SamplesPerSecond => _seconds > 0 ? Interlocked.Read(ref _samples) / _seconds : 0;

    public Task RunAsync(CancellationToken cancellationToken) => Task.WhenAll(VipAsync(cancellationToken), PullsAsync(cancellationToken));

    /// <summary>The reachable holders now (nodes not cut off that have the VIP).</summary>
    public Task<List<string>> HoldersAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult<List<string>>([.. lab.Hosts.Where(h => !lab.IsCut(h) && HoldsVip(h))]);
    }

    /// <summary>
    /// Whether <paramref name="host"/> has the VIP as a local address: its namespace's routing trie as its holder process
    /// sees it (<c>/proc/PID/net/fib_trie</c>), read without starting a process, so that sampling 20 times a second costs little.
    /// </summary>
    private bool HoldsVip(string host)
    {
        var pid = File.ReadAllText(Path.Combine(lab.RunDirectory, "pids", $"holder-{host}.pid")).Trim();
        var lines = File.ReadAllLines($"/proc/{pid}/net/fib_trie");
        for (var k = 0; k + 1 < lines.Length; k++)
        {
            if (lines[k].Trim() == $"|-- {lab.Vip}" && lines[k + 1].Contains("/32 host LOCAL", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private async Task VipAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!cancellationToken.IsCancellationRequested)
        {
            var next = clock.Elapsed + VipPeriod;
            try
            {
                var holders = await HoldersAsync(cancellationToken);
                Interlocked.Increment(ref _samples);
                if (holders.Count == 0)
                {
                    Interlocked.Increment(ref _noHolder);
                }

                _seconds = clock.Elapsed.TotalSeconds;
                if (!invariants.Observe(Invariant.OneVipHolder, holders.Count <= 1, () => $"the VIP is held by {string.Join(" and ", holders)} at once"))
                {
                    return;
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
                var before = await HoldersAsync(cancellationToken);
                var pulling = lab.Hosts.Where(h => SoakProcesses.Pulls(lab, h).Count > 0).ToList();
                var after = await HoldersAsync(cancellationToken);
                var serving = before.Count == 1 && after.SequenceEqual(before) ? before[0] : null;
                if (!invariants.Observe(Invariant.NoPullIntoActive, serving is null || !pulling.Contains(serving),
                    () => $"a pull writes into the store of {serving}, which serves the VIP: {string.Join(" | ", SoakProcesses.Pulls(lab, serving!))}"))
                {
                    return;
                }

                await Task.Delay(PullPeriod, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
