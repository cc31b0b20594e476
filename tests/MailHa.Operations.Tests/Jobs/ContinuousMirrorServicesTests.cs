using System.Collections.Concurrent;
using System.Globalization;
using MailHa.Operations.Jobs;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Reporting;
using MailHa.Operations.Ssh;
using MailHa.Operations.Tests.Fakes;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Operations.Tests.Jobs;

/// <summary>
/// Two services mirrored continuously (symmetric: jt-mail-a on mail1 → mail2, jt-mail-b on mail2 → mail1): each has its
/// own stream (its watcher on its own active node, its own batches), its own lag and its own pause.
/// </summary>
public sealed class ContinuousMirrorServicesTests : IAsyncLifetime
{
    private static readonly ServiceName A = new("jt-mail-a"), B = new("jt-mail-b");

    private readonly FakeWatchers _watchers = new();
    private readonly LagRecorder _lags = new();
    private readonly OperationsHarness _ops;

    public ContinuousMirrorServicesTests()
    {
        _ops = new OperationsHarness(
            services =>
            {
                services.AddSingleton<IStreamingShell>(_watchers);
                services.AddSingleton<Leadership>();
                services.AddSingleton<ContinuousMirror>();
                services.AddSingleton<MirrorHeartbeat>();
                services.AddSingleton<IReportObserver<MirrorLagMeasured>>(_lags);
            },
            LabTopology.Symmetric,
            settings =>
            {
                settings["MailHa:Services:0:Mirror:Mode"] = "Continuous";
                settings["MailHa:Services:1:Mirror:Mode"] = "Continuous";
            });
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private MirrorStreams Streams => _ops.Get<MirrorStreams>();

    public async ValueTask InitializeAsync()
    {
        Assert.True(await _ops.Get<Leadership>().RefreshAsync(Token));
        await _ops.Get<Leadership>().StartAsync(Token);
        await _ops.Get<ContinuousMirror>().StartAsync(Token);
        await UntilAsync(() => _watchers.Watching("mail1") == 1 && _watchers.Watching("mail2") == 1);
    }

    public async ValueTask DisposeAsync()
    {
        await _ops.Get<ContinuousMirror>().StopAsync(CancellationToken.None);
        await _ops.Get<Leadership>().StopAsync(CancellationToken.None);
        _ops.Dispose();
    }

    [Fact]
    public async Task EachContinuousService_StreamsFromItsOwnActiveNode_WithItsOwnBatches()
    {
        await StartedAsync("mail1", A);
        await StartedAsync("mail2", B);

        _watchers.Changed("mail1", "/srv/msgstore-a", "cur/1");
        await UntilAsync(() => Streams.ViewOf(A)!.Batches == 1);
        _watchers.Changed("mail2", "/srv/msgstore-b", "cur/2");
        _watchers.Changed("mail2", "/srv/msgstore-b", "cur/3");
        await UntilAsync(() => Streams.ViewOf(B)!.Batches == 1);

        var a = Streams.ViewOf(A)!;
        var b = Streams.ViewOf(B)!;
        Assert.Equal((new NodeName("mail1"), new NodeName("mail2"), 1L), (a.Source!.Value, a.Target!.Value, a.PathsPulled));
        Assert.Equal((new NodeName("mail2"), new NodeName("mail1"), 2L), (b.Source!.Value, b.Target!.Value, b.PathsPulled));
        Assert.Equal(2, _ops.Nodes.Commands.Count(c => c.EndsWith(":rsync-pull-paths", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task EachContinuousService_MeasuresItsOwnLag_OnItsOwnStandby()
    {
        var now = DateTimeOffset.UtcNow;
        _ops.Nodes.HeartbeatCopies["mail2"] = (now - TimeSpan.FromSeconds(2)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        _ops.Nodes.HeartbeatCopies["mail1"] = (now - TimeSpan.FromHours(1)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

        foreach (var service in Streams.Services)
        {
            await _ops.Get<MirrorHeartbeat>().BeatAsync(service, Token);
        }

        var lagA = Streams.ViewOf(A)!.Lag!.Value;
        var lagB = Streams.ViewOf(B)!.Lag!.Value;
        Assert.InRange(lagA, TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(30));
        Assert.InRange(lagB, TimeSpan.FromHours(1), TimeSpan.FromHours(2));
        Assert.Equal([A, B], _lags.Seen.Select(s => s.Service));
        Assert.Equal(lagB, _lags.Seen.Single(s => s.Service == B).Lag);
    }

    [Fact]
    public async Task PausingOneService_StopsItsStreamOnly()
    {
        await StartedAsync("mail1", A);
        await StartedAsync("mail2", B);

        await _ops.Get<MirrorControl>().PauseAsync(_ops.Get<MailTopology>().Service(A), "alice", "maintenance", Token);
        await UntilAsync(() => !Streams.ViewOf(A)!.Streaming && _watchers.Watching("mail1") == 0);

        _watchers.Changed("mail2", "/srv/msgstore-b", "cur/4");
        await UntilAsync(() => Streams.ViewOf(B)!.Batches == 1);
        Assert.True(Streams.ViewOf(B)!.Streaming);
        Assert.Equal(1, _watchers.Watching("mail2"));
        Assert.Contains("paused", Streams.ViewOf(A)!.StoppedBecause, StringComparison.Ordinal);
        Assert.Equal(0, Streams.ViewOf(A)!.Batches);
    }

    /// <summary>The watcher on <paramref name="node"/> is up; the stream of <paramref name="service"/> streams after its first full run.</summary>
    private async Task StartedAsync(string node, ServiceName service)
    {
        _watchers.Started(node, 4000 + node.Length);
        await UntilAsync(() => Streams.ViewOf(service) is { Streaming: true, FullRuns: 1 });
        await _ops.Get<MirrorRunner>().WhenIdleAsync(service, Token);
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        var guard = Wait.Token();
        while (!condition())
        {
            await Task.Delay(10, guard);
        }
    }

    private sealed class LagRecorder : IReportObserver<MirrorLagMeasured>
    {
        private readonly ConcurrentQueue<MirrorLagMeasured> _seen = new();

        public IReadOnlyList<MirrorLagMeasured> Seen => [.. _seen];

        public Task OnReportAsync(MirrorLagMeasured report, TimeSpan took, CancellationToken cancellationToken)
        {
            _seen.Enqueue(report);
            return Task.CompletedTask;
        }
    }
}
