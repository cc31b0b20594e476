using MailHa.IntegrationTests.EndToEnd;
using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Topology;

namespace MailHa.IntegrationTests.Mirror;

/// <summary>
/// Two <c>mailha serve</c> processes on one PostgreSQL, each as if on its own host, with every service of the symmetric
/// lab (jt-mail-a streaming from mail1, jt-mail-b from mail2) mirrored continuously: only the leader streams, so each
/// service's store has one watcher on its source node, never two; when the leader is killed the survivor takes the
/// watchers over, still one per store. Counted on the nodes themselves (the lab's hosts share one process table), all
/// along the test; conditions awaited with a generous cap, never timed.
/// </summary>
[Collection(SymmetricLabCollection.Name)]
public sealed class ContinuousMirrorInstancesTests(LabFixture lab, PostgresServer postgres)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Watchers_AreOnePerServiceNeverTwo_AndTheSurvivorTakesThemOver_WhenTheLeaderIsKilled()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartWithStoreSnapshotAsync(lab, Token);
        var journal = await ServeJournal.CreateAsync(postgres, scope, Token);
        var settings = ServeJournal.Settings(mirrorCron: null);
        settings["MailHa__Mirror__Mode"] = "Continuous";
        var stores = scope.Services.Select(s => new WatchedStore(lab, s)).ToList();
        Assert.Equal(2, stores.Count);
        Assert.NotEqual(stores[0].Source, stores[1].Source);
        await using var counts = WatcherCounts.Start(stores);

        await using var a = await ServeInstance.StartAsync(lab, "mailha-a", journal.Secret, settings, Token);
        await using var b = await ServeInstance.StartAsync(lab, "mailha-b", journal.Secret, settings, Token);
        ServeInstance[] instances = [a, b];

        // Both up: one leads, and each service streams (a message reaches its standby; no mirror is scheduled).
        var leader = await LeaderAsync(journal, instances);
        foreach (var store in stores)
        {
            await store.DeliverAndAwaitOnStandbyAsync("before");
        }

        var before = new List<string[]>();
        foreach (var store in stores)
        {
            before.Add(await store.WatchersAsync());
        }

        Assert.All(before, watchers => Assert.Single(watchers));

        // The leader dies as a crash does: the survivor leads once the lease expires and starts its own watchers.
        await leader.KillAsync();
        var survivor = instances.Single(i => i != leader);
        Assert.Same(survivor, await LeaderAsync(journal, [survivor]));
        for (var i = 0; i < stores.Count; i++)
        {
            var store = stores[i];
            var old = before[i];
            Assert.True(
                await Eventually.TrueAsync(async () => await store.WatchersAsync() is [var pid] && !old.Contains(pid), Patience, Token),
                $"{store.Service.Name}: the survivor did not start one watcher of its own on {store.Source} (now: {string.Join(", ", await store.WatchersAsync())})");
            await store.DeliverAndAwaitOnStandbyAsync("after");
        }

        var most = await counts.StopAsync();
        Assert.All(stores, store => Assert.Equal(1, most[store.Service.Name]));
        Assert.True(counts.Samples > 0, "the watchers were counted");
        Assert.False(survivor.HasExited);
    }

    /// <summary>The instance whose host name begins the unexpired leader lease's holder.</summary>
    private static async Task<ServeInstance> LeaderAsync(ServeJournal journal, IReadOnlyList<ServeInstance> instances)
    {
        ServeInstance? leader = null;
        var found = await Eventually.TrueAsync(
            async () =>
            {
                var holder = await journal.LeaderAsync(Token);
                leader = instances.SingleOrDefault(i => holder is not null && holder.StartsWith(i.Host + ":", StringComparison.Ordinal));
                return leader is not null;
            },
            Patience,
            Token);
        Assert.True(found, $"none of {string.Join(", ", instances.Select(i => i.Host))} holds the leader lease");
        return leader!;
    }

    /// <summary>One service's store on its source node (its home at the lab's baseline), as the watcher marks it.</summary>
    private sealed class WatchedStore(LabFixture lab, ServiceDefinition service)
    {
        public ServiceDefinition Service { get; } = service;

        public string Source => Service.Home.Value;

        private string Standby => Service.StandbyFor(Service.Home).Value;

        /// <summary>PIDs of the processes carrying this store's watcher mark on its source node.</summary>
        public async Task<string[]> WatchersAsync()
        {
            var find = WatchScript.Marker(Service.Mirror, new NodeOptions { Name = Source }).FindProcesses(NodePlatform.Linux);
            return (await lab.ExecAsync(Source, find)).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }

        /// <summary>Writes a test message into the source's store and waits until the stream put it on the standby.</summary>
        public async Task DeliverAndAwaitOnStandbyAsync(string what)
        {
            var path = $"{Service.Mirror.StorePath}/user01/INBOX/new/{LabScope.TestMessagePrefix}{what}-{Guid.NewGuid():N}.msg";
            await lab.ExecAsync(Source, $"printf 'Subject: {what}\\n\\n{what}\\n' > '{path}'");
            Assert.True(
                await Eventually.TrueAsync(async () => (await lab.ExecAsync(Standby, $"[ -f '{path}' ] && echo yes || echo no")).Trim() == "yes", Patience, Token),
                $"{Service.Name}: the message written {what} on {Source} did not reach {Standby}");
        }
    }

    /// <summary>Counts each store's watchers over and over until stopped; keeps the most seen at once per service.</summary>
    private sealed class WatcherCounts : IAsyncDisposable
    {
        private readonly Dictionary<ServiceName, int> _most = [];
        private readonly CancellationTokenSource _stop = new();
        private Task _counting = Task.CompletedTask;

        public int Samples { get; private set; }

        public static WatcherCounts Start(IReadOnlyList<WatchedStore> stores)
        {
            var counts = new WatcherCounts();
            foreach (var store in stores)
            {
                counts._most[store.Service.Name] = 0;
            }

            counts._counting = Task.Run(() => counts.CountAsync(stores), CancellationToken.None);
            return counts;
        }

        /// <summary>Stops counting; the most watchers seen at once, per service.</summary>
        public async Task<IReadOnlyDictionary<ServiceName, int>> StopAsync()
        {
            await _stop.CancelAsync();
            await _counting;
            return _most;
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _stop.Dispose();
        }

        private async Task CountAsync(IReadOnlyList<WatchedStore> stores)
        {
            while (!_stop.IsCancellationRequested)
            {
                foreach (var store in stores)
                {
                    var seen = (await store.WatchersAsync()).Length;
                    _most[store.Service.Name] = Math.Max(_most[store.Service.Name], seen);
                }

                Samples++;
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(250), _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
