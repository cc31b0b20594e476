using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Jobs;
using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MailHa.IntegrationTests.Mirror;

/// <summary>
/// The continuous mirror against the lab's real sshd, rsync daemons and inotifywait: changes reach the standby without a
/// cron run, and everything that must stop the stream stops it (and its watcher on the source). Conditions are awaited
/// with a generous cap, never timed.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ContinuousMirrorTests(LabFixture lab)
{
    private const int SeededFiles = 121; // as MirrorGuardTests: 20 users x (INBOX + Sent) x 3 messages, plus the sentinel
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly LabStore _store = new(lab);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Stream_CarriesNewRenamedAndDeletedMailWithoutACronRun_AndStopsWhilePaused()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartWithStoreSnapshotAsync(lab, Token);
        await using var mailha = await Continuous.StartAsync(scope, lab);
        var recorded = await mailha.RecordedRunsAsync();

        await _store.WriteMessageAsync("mail1", "user01/INBOX/new/c1.msg", "continuous one");
        Assert.True(await Eventually.TrueAsync(() => _store.ExistsAsync("mail2", "user01/INBOX/new/c1.msg"), Patience, Token), "a new message reached the standby");

        await _store.InStoreAsync("mail1", "mv user01/INBOX/new/c1.msg 'user01/INBOX/cur/c1.msg:2,S'");
        Assert.True(await Eventually.TrueAsync(async () => await _store.ExistsAsync("mail2", "user01/INBOX/cur/c1.msg:2,S") && !await _store.ExistsAsync("mail2", "user01/INBOX/new/c1.msg"), Patience, Token), "the Maildir rename reached the standby");

        await _store.DeleteAsync("mail1", "user01/INBOX/cur/c1.msg:2,S");
        Assert.True(await Eventually.TrueAsync(async () => !await _store.ExistsAsync("mail2", "user01/INBOX/cur/c1.msg:2,S"), Patience, Token), "the deletion reached the standby");

        // Batches are not runs: nothing was recorded since the stream's first full run (no cron run either: none is scheduled here).
        Assert.Equal(recorded, await mailha.RecordedRunsAsync());
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(mailha.State.View.Lag is not null), Patience, Token), "the lag was measured");

        var control = mailha.Host.Services.GetRequiredService<MirrorControl>();
        await control.PauseAsync(LabService.Of(mailha.Host.Services), "test", "paused by the test", Token);
        Assert.True(await Eventually.TrueAsync(async () => !mailha.State.View.Streaming && (await mailha.WatchersAsync()).Length == 0, Patience, Token), "pausing stopped the stream and its watcher");

        await control.ResumeAsync(LabService.Of(mailha.Host.Services), "test", Token);
        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(mailha.State.View.Streaming), Patience, Token), "resuming started a stream");
        await _store.WriteMessageAsync("mail1", "user02/INBOX/new/c2.msg", "continuous two");
        Assert.True(await Eventually.TrueAsync(() => _store.ExistsAsync("mail2", "user02/INBOX/new/c2.msg"), Patience, Token), "mail flows again after resume");
    }

    [Fact]
    public async Task Stream_StopsAndIsRefusedWithoutDeleting_WhenTheSentinelIsRemovedOnTheSource()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartWithStoreSnapshotAsync(lab, Token);
        var observer = new RecordingMirrorObserver();
        await using var mailha = await Continuous.StartAsync(scope, lab, observer);

        await _store.InStoreAsync("mail1", "rm .mailha-sentinel");

        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(observer.Seen.Any(c => c.Run.Outcome is SentinelMissing)), Patience, Token), "a refused run was recorded (what the chat alert follows)");
        Assert.True(await Eventually.TrueAsync(async () => !mailha.State.View.Streaming && (await mailha.WatchersAsync()).Length == 0, Patience, Token), "the stream and its watcher stopped");
        // Nothing deleted on the standby: its sentinel and every seeded file, plus the heartbeat the stream carried.
        Assert.True(await _store.ExistsAsync("mail2", ".mailha-sentinel"));
        Assert.Equal(SeededFiles + 1, await _store.CountFilesAsync("mail2"));
    }

    [Fact]
    public async Task Watcher_IsRestartedAndFollowedByAFullRun_WhenKilledOnTheSource()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartWithStoreSnapshotAsync(lab, Token);
        await using var mailha = await Continuous.StartAsync(scope, lab);
        var first = Assert.Single(await mailha.WatchersAsync());
        var started = await mailha.StreamStartRunsAsync();

        await lab.ExecAsync("mail1", $"kill -KILL {first}");

        Assert.True(await Eventually.TrueAsync(async () => await mailha.WatchersAsync() is [var next] && next != first && await mailha.StreamStartRunsAsync() > started, Patience, Token), "a new watcher and a full run after it");
        await _store.WriteMessageAsync("mail1", "user03/INBOX/new/c3.msg", "after restart");
        Assert.True(await Eventually.TrueAsync(() => _store.ExistsAsync("mail2", "user03/INBOX/new/c3.msg"), Patience, Token), "the new watcher streams");
    }

    [Fact]
    public async Task Overflow_LeadsToAFullRun_WhenTheSourcesEventQueueOverflows()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartWithStoreSnapshotAsync(lab, Token);
        // The queue's size is fixed when the watcher starts: small for it, restored at once after.
        var queued = (await lab.ExecAsync("mail1", "cat /proc/sys/fs/inotify/max_queued_events")).Trim();
        ContinuousMailHa mailha;
        await lab.ExecAsync("mail1", "echo 16 > /proc/sys/fs/inotify/max_queued_events");
        try
        {
            mailha = await Continuous.StartAsync(scope, lab);
        }
        finally
        {
            await lab.ExecAsync("mail1", $"echo {queued} > /proc/sys/fs/inotify/max_queued_events");
        }

        await using (mailha)
        {
            var watcher = Assert.Single(await mailha.WatchersAsync());
            // The watcher stopped while a burst lands: far more than 16 events wait in its queue.
            await lab.ExecAsync("mail1", $"kill -STOP {watcher}");
            try
            {
                await _store.InStoreAsync("mail1", "for i in $(seq 1 200); do echo burst > user04/INBOX/new/burst$i.msg; done");
            }
            finally
            {
                await lab.ExecAsync("mail1", $"kill -CONT {watcher}");
            }

            Assert.True(await Eventually.TrueAsync(async () => (await mailha.TriggersAsync()).Any(t => t.Contains("overflowed", StringComparison.Ordinal)), Patience, Token), "an overflow full run was recorded");
            Assert.True(await Eventually.TrueAsync(() => _store.ExistsAsync("mail2", "user04/INBOX/new/burst200.msg"), Patience, Token), "the burst reached the standby");
        }
    }

    [Fact]
    public async Task Stream_Stops_WhileAnOperationHoldsTheLease()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartWithStoreSnapshotAsync(lab, Token);
        await using var mailha = await Continuous.StartAsync(scope, lab);
        var operations = mailha.Host.Services.GetRequiredService<OperationLock>();

        // What a switchover holds from its approval through the fence to the raise.
        // A batch may hold the lease for a moment: the operation waits for it, as an approved one does.
        Assert.True(await Eventually.TrueAsync(async () => (await operations.TryAcquireAsync(LabService.Of(mailha.Host.Services).Name, "op-test", "switchover", "test", Token)).Acquired, Patience, Token), "the lease was taken");
        try
        {
            Assert.True(await Eventually.TrueAsync(async () => !mailha.State.View.Streaming && (await mailha.WatchersAsync()).Length == 0, Patience, Token), "the operation stopped the stream and its watcher");
        }
        finally
        {
            await operations.ReleaseAsync("op-test", Token);
        }

        Assert.True(await Eventually.TrueAsync(() => Task.FromResult(mailha.State.View.Streaming), Patience, Token), "the stream started again after the operation");
    }

    /// <summary>A MailHa in Continuous mode on the lab: its leadership, stream and heartbeat running, as a leading instance runs them.</summary>
    private static class Continuous
    {
        public static async Task<ContinuousMailHa> StartAsync(LabScope scope, LabFixture lab, IMirrorObserver? observer = null)
        {
            var host = scope.Build(
                new Dictionary<string, string?> { ["MailHa:Mirror:Mode"] = "Continuous", ["MailHa:Mirror:HeartbeatInterval"] = "00:00:01" },
                services =>
                {
                    services.AddSingleton<Leadership>();
                    services.AddSingleton<ContinuousMirror>();
                    services.AddSingleton<MirrorHeartbeat>();
                    if (observer is not null)
                    {
                        services.AddSingleton(observer);
                    }
                });
            var mailha = new ContinuousMailHa(host, lab);
            await mailha.StartAsync();
            return mailha;
        }
    }

    private sealed class ContinuousMailHa(IHost host, LabFixture lab) : IAsyncDisposable
    {
        private readonly IHostedService[] _services =
        [
            host.Services.GetRequiredService<Leadership>(),
            host.Services.GetRequiredService<ContinuousMirror>(),
            host.Services.GetRequiredService<MirrorHeartbeat>(),
        ];

        public IHost Host => host;

        public MirrorStreamState State => host.Services.GetRequiredService<MirrorStreams>() is var streams ? streams.For(streams.Services.Single().Name) : null!;

        public async Task StartAsync()
        {
            foreach (var service in _services)
            {
                await service.StartAsync(Token);
            }

            // Streaming, and the stream's first full run recorded: everything before it is on the standby.
            Assert.True(await Eventually.TrueAsync(async () => State.View.Streaming && await StreamStartRunsAsync() > 0, Patience, Token), "the stream started with a full run");
        }

        /// <summary>PIDs of the watchers of mail1's store (the lab's hosts share one process table).</summary>
        public async Task<string[]> WatchersAsync()
        {
            var topology = host.Services.GetRequiredService<MailTopology>();
            var mirror = topology.Services.Single().Mirror;
            var source = topology.Node(new NodeName("mail1"));
            var find = WatchScript.Marker(mirror, source).FindProcesses(NodePlatform.Linux);
            return (await lab.ExecAsync("mail1", find)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        public async Task<int> RecordedRunsAsync() => (await host.Services.GetRequiredService<MirrorHistory>().RecentAsync(null, 1000, Token)).Count;

        public async Task<IReadOnlyList<string>> TriggersAsync() =>
            [.. (await host.Services.GetRequiredService<MirrorHistory>().RecentAsync(null, 1000, Token)).Select(r => r.Trigger)];

        /// <summary>Good full runs a stream started with.</summary>
        public async Task<int> StreamStartRunsAsync() =>
            (await host.Services.GetRequiredService<MirrorHistory>().RecentAsync(null, 1000, Token)).Count(r => r.IsGood && r.Trigger == $"{StreamSession.Trigger}: stream started");

        public async ValueTask DisposeAsync()
        {
            foreach (var service in _services.Reverse())
            {
                await service.StopAsync(CancellationToken.None);
            }
        }
    }
}
