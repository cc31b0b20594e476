using System.Collections.Concurrent;
using System.Diagnostics;
using MailHa.Operations.Ldap;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.Bench;

/// <summary>
/// Where one status gather's time goes (the topologies stage, issue #20): every call it makes through a port (each SSH
/// command, TCP probe, directory bind and read) with when it started and ended after the gather began, and the thread
/// pool while it ran (threads, the most work items left waiting). The ports are wrapped around the real ones in the
/// bench's own container (<see cref="Register"/>); production code is unchanged.
/// </summary>
internal sealed class GatherTimeline
{
    private readonly ConcurrentQueue<GatherSpan> _spans = new();
    private long _origin = Stopwatch.GetTimestamp();
    private int _maxPending;
    private int _maxThreads;

    /// <summary>Wraps the container's SSH shell, TCP probe and directory client factory so their calls land on <paramref name="timeline"/>.</summary>
    public static void Register(IServiceCollection services, GatherTimeline timeline)
    {
        services.AddSingleton(timeline);
        services.TryAddSingleton<TcpServiceProbe>();
        services.TryAddSingleton<IServiceProbe>(sp => new TimedProbe(sp.GetRequiredService<TcpServiceProbe>(), timeline));
        services.TryAddSingleton<IRemoteShell>(sp => new TimedShell(sp.GetRequiredService<SshRemoteShell>(), timeline));
        services.TryAddSingleton<LdapDirectoryClientFactory>();
        services.TryAddSingleton<IDirectoryClientFactory>(sp => new TimedDirectory(sp.GetRequiredService<LdapDirectoryClientFactory>(), timeline));
    }

    /// <summary>Forgets the last gather's calls and starts the clock and the thread pool sampler for the next.</summary>
    public IDisposable Begin()
    {
        _spans.Clear();
        _maxPending = 0;
        _maxThreads = ThreadPool.ThreadCount;
        _origin = Stopwatch.GetTimestamp();
        return new Sampler(this);
    }

    public IReadOnlyList<GatherSpan> Spans => [.. _spans.OrderBy(s => s.StartMs)];

    /// <summary>The most thread pool work items seen waiting, and the most pool threads, while the gather ran.</summary>
    public (int MaxPending, int MaxThreads) Pool => (_maxPending, _maxThreads);

    public async Task<T> TimeAsync<T>(string kind, string label, Func<Task<T>> call)
    {
        var start = Now();
        try
        {
            return await call();
        }
        finally
        {
            _spans.Enqueue(new GatherSpan(kind, label, start, Now()));
        }
    }

    private double Now() => Stopwatch.GetElapsedTime(_origin).TotalMilliseconds;

    /// <summary>A dedicated thread (not a pool one: it must see the pool starve) reading the pool every millisecond.</summary>
    private sealed class Sampler : IDisposable
    {
        private readonly GatherTimeline _timeline;
        private readonly Thread _thread;
        private volatile bool _stop;

        public Sampler(GatherTimeline timeline)
        {
            _timeline = timeline;
            _thread = new Thread(Run) { IsBackground = true, Name = "gather-sampler" };
            _thread.Start();
        }

        public void Dispose()
        {
            _stop = true;
            _thread.Join();
        }

        private void Run()
        {
            while (!_stop)
            {
                _timeline._maxPending = Math.Max(_timeline._maxPending, (int)ThreadPool.PendingWorkItemCount);
                _timeline._maxThreads = Math.Max(_timeline._maxThreads, ThreadPool.ThreadCount);
                // 1 ms, not less: Thread.Sleep(TimeSpan) truncates to whole milliseconds, and the 0.5 ms this slept before was
                // Sleep(0), a yield in a loop that took a core's time from MailHa and the lab hosts during every call.
                Thread.Sleep(1);
            }
        }
    }

    private sealed class TimedShell(SshRemoteShell inner, GatherTimeline timeline) : IRemoteShell
    {
        public Task<CommandOutcome> RunAsync(NodeName node, RemoteCommand command, CancellationToken cancellationToken) =>
            timeline.TimeAsync("ssh", $"{node} {command.Name}", () => inner.RunAsync(node, command, cancellationToken));
    }

    private sealed class TimedProbe(TcpServiceProbe inner, GatherTimeline timeline) : IServiceProbe
    {
        public Task<ServiceAnswer> ProbeAsync(string address, int port, TimeSpan timeout, CancellationToken cancellationToken) =>
            timeline.TimeAsync("tcp", $"{address}:{port}", () => inner.ProbeAsync(address, port, timeout, cancellationToken));
    }

    private sealed class TimedDirectory(LdapDirectoryClientFactory inner, GatherTimeline timeline) : IDirectoryClientFactory
    {
        public async Task<DirectoryResult<IDirectoryClient>> ConnectAsync(NodeName node, CancellationToken cancellationToken)
        {
            var result = await timeline.TimeAsync("ldap", $"{node} bind", () => inner.ConnectAsync(node, cancellationToken));
            return result is DirectoryOk<IDirectoryClient> { Value: var client } ? new DirectoryOk<IDirectoryClient>(new TimedClient(node, client, timeline)) : result;
        }
    }

    private sealed class TimedClient(NodeName node, IDirectoryClient inner, GatherTimeline timeline) : IDirectoryClient
    {
        public Task<DirectoryResult<SuffixState>> ReadSuffixStateAsync(string suffix, CancellationToken cancellationToken) =>
            timeline.TimeAsync("ldap", $"{node} read {suffix}", () => inner.ReadSuffixStateAsync(suffix, cancellationToken));

        public Task<DirectoryResult<AttributeValues>> ReadAttributeAsync(string dn, string attribute, CancellationToken cancellationToken) =>
            timeline.TimeAsync("ldap", $"{node} read {attribute}", () => inner.ReadAttributeAsync(dn, attribute, cancellationToken));

        public Task<DirectoryResult<CanaryWritten>> WriteCanaryAsync(CanaryWrite canary, CancellationToken cancellationToken) =>
            timeline.TimeAsync("ldap", $"{node} write canary", () => inner.WriteCanaryAsync(canary, cancellationToken));

        public void Dispose() => inner.Dispose();
    }
}

/// <summary>One port call of a gather: what (ssh, tcp, ldap), on what, and when it started and ended after the gather began.</summary>
internal sealed record GatherSpan(string Kind, string Label, double StartMs, double EndMs)
{
    public double Ms => EndMs - StartMs;
}

/// <summary>One timed status call: its total, the part of it run before GetAsync first returned (serial), its port calls and the pool.</summary>
internal sealed record GatherBreakdown(double TotalMs, double SyncMs, IReadOnlyList<GatherSpan> Spans, int MaxThreads, int MaxPending)
{
    /// <summary>When the last call of a kind ended (0 when there was none).</summary>
    public double LastEnd(string kind, string? labelPart = null) =>
        Spans.Where(s => s.Kind == kind && (labelPart is null || s.Label.Contains(labelPart, StringComparison.Ordinal))).Select(s => s.EndMs).DefaultIfEmpty(0).Max();

    /// <summary>When the last call of a kind started.</summary>
    public double LastStart(string kind) => Spans.Where(s => s.Kind == kind).Select(s => s.StartMs).DefaultIfEmpty(0).Max();

    /// <summary>The longest single call of a kind.</summary>
    public double Longest(string kind, string? labelPart = null) =>
        Spans.Where(s => s.Kind == kind && (labelPart is null || s.Label.Contains(labelPart, StringComparison.Ordinal))).Select(s => s.Ms).DefaultIfEmpty(0).Max();

    /// <summary>The medians over <paramref name="gathers"/> of each measure, one line.</summary>
    public static string Summary(IReadOnlyList<GatherBreakdown> gathers)
    {
        double M(Func<GatherBreakdown, double> f) => Distribution.Of(gathers.Select(f))!.Median;
        return $"total {M(g => g.TotalMs):0.0} ms; synchronous start {M(g => g.SyncMs):0.0}; " +
            $"SSH last started {M(g => g.LastStart("ssh")):0.0}, last ended {M(g => g.LastEnd("ssh")):0.0} (longest {M(g => g.Longest("ssh")):0.0}); " +
            $"TCP last ended {M(g => g.LastEnd("tcp")):0.0} (longest {M(g => g.Longest("tcp")):0.0}); " +
            $"LDAP binds ended {M(g => g.LastEnd("ldap", "bind")):0.0} (longest {M(g => g.Longest("ldap", "bind")):0.0}), reads ended {M(g => g.LastEnd("ldap", "read")):0.0}; " +
            $"pool threads {M(g => g.MaxThreads):0}, waiting items {M(g => g.MaxPending):0}; port calls {M(g => g.Spans.Count):0}";
    }
}
