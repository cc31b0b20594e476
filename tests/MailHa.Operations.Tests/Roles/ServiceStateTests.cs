using Dapper;
using MailHa.Operations.Failover;
using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;
using static MailHa.TestSupport.Topology.ServiceTopologies;
using Microsoft.Extensions.Time.Testing;

namespace MailHa.Operations.Tests.Roles;

/// <summary>
/// State kept per service in the journal, on SQLite and PostgreSQL: each service's roles, generations, operations,
/// mirror runs and lease are its own; the one pair's history becomes the first service's; a node's capacity is reserved
/// atomically when an operation starts.
/// </summary>
public sealed class ServiceStateTests(PostgresServer postgres)
{
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");
    private static readonly NodeName Mail3 = new("mail3");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task RoleStore_KeepsEachServicesOwnGenerations_WhenOneServiceMoves(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var topology = NPlusOne();
        var (a, b) = (topology.Services[0], topology.Services[1]);
        var roles = new RoleStore(journal.Database, new FakeTimeProvider());

        var seeded = await roles.GetAllAsync(topology.Services, Token);
        var moved = await roles.ChangeAsync(a, 1, Mail3, mirrorPaused: true, "alice", "failover", Token);
        var stale = await roles.ChangeAsync(a, 1, Mail1, mirrorPaused: false, "bob", "late", Token);

        Assert.Equal([(a.Name, 1L, Mail1, Mail3), (b.Name, 1L, Mail2, Mail3)], seeded.Select(s => (s.Service, s.Generation, s.Active, s.Standby)));
        Assert.Equal((2L, Mail3, Mail1, true), (moved!.Generation, moved.Active, moved.Standby, moved.MirrorPaused));
        Assert.Null(stale);
        Assert.Equal((1L, Mail2), ((await roles.GetAsync(b, Token)).Generation, (await roles.GetAsync(b, Token)).Active));
    }

    [Fact]
    public void StandbyFor_IsTheNextNodeInTheList_WrappingRound()
    {
        var service = new ServiceDefinition(new ServiceName("c"), new VipOptions(), new MirrorOptions(), [Mail1, Mail2, Mail3]);

        Assert.Equal([Mail2, Mail3, Mail1], new[] { Mail1, Mail2, Mail3 }.Select(service.StandbyFor));
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task OperationLock_HoldsOneLeasePerService_WhenTwoServicesRunAtOnce(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var time = new FakeTimeProvider();
        var options = Microsoft.Extensions.Options.Options.Create(new JournalOptions());
        var gate = new OperationLock(journal.Database, new InstanceIdentity(), options, time, Microsoft.Extensions.Logging.Abstractions.NullLogger<OperationLock>.Instance);

        var a = await gate.TryAcquireAsync(new ServiceName("a"), "failover-a", "failover", "alice", Token);
        var b = await gate.TryAcquireAsync(new ServiceName("b"), "failover-b", "failover", "bob", Token);
        var aAgain = await gate.TryAcquireAsync(new ServiceName("a"), "mirror-a", MirrorRunner.LeaseKind, "schedule", Token);

        Assert.True(a.Acquired);
        Assert.True(b.Acquired);
        Assert.False(aAgain.Acquired);
        Assert.Equal("failover-a", aAgain.Lease.OperationId);
        Assert.Equal(["a", "b"], (await gate.GetAllAsync(Token)).Select(l => l.Service.Value));
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task ReserveAsync_LetsExactlyOneMoveOntoAFullStandby_WhenTwoInstancesTryAtOnce(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var topology = NPlusOne(capacity: 1);
        var time = new FakeTimeProvider();
        await new RoleStore(journal.Database, time).GetAllAsync(topology.Services, Token);
        using var other = journal.OpenAnother();
        var first = new OperationJournal(journal.Database, time);
        var second = new OperationJournal(other, time);

        var moves = await Task.WhenAll(
            ReserveAsync(first, topology, topology.Services[0], "failover-a", acceptOverCapacity: false),
            ReserveAsync(second, topology, topology.Services[1], "failover-b", acceptOverCapacity: false));

        Assert.Single(moves, refusal => refusal is null);
        var refused = Assert.IsType<OverCapacity>(Assert.Single(moves, refusal => refusal is not null));
        Assert.Equal((Mail3, 1), (refused.Node, refused.Capacity));
        Assert.Single(refused.Running);
        Assert.Single(await first.UnfinishedAsync(Token));
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task ReserveAsync_LetsBothMovesOn_WhenTheApproverAcceptsOverCapacity(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var topology = NPlusOne(capacity: 1);
        var time = new FakeTimeProvider();
        await new RoleStore(journal.Database, time).GetAllAsync(topology.Services, Token);
        var operations = new OperationJournal(journal.Database, time);

        var a = await ReserveAsync(operations, topology, topology.Services[0], "failover-a", acceptOverCapacity: false);
        var b = await ReserveAsync(operations, topology, topology.Services[1], "failover-b", acceptOverCapacity: true);

        Assert.Null(a);
        Assert.Null(b);
        Assert.Equal(2, (await operations.UnfinishedAsync(Token)).Count);
    }

    /// <summary>On SQLite, from a table the one-pair release created (PostgreSQL's upgrade is JournalUpgradeTests' in the bot's tests).</summary>
    [Fact]
    public async Task MigrateAsync_GivesTheOnePairsHistoryToTheFirstService_WhenTheJournalPredatesServices()
    {
        await using var journal = await TempJournal.CreateAsync(StorageProvider.Sqlite, postgres, Token);
        await using (var connection = await journal.OpenUnmigratedAsync(Token))
        {
            // The journal as the one-pair release left it: its roles at generation 3 and one mirror run.
            await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE roles (generation BIGINT PRIMARY KEY, active TEXT NOT NULL, standby TEXT NOT NULL, mirror_paused BIGINT NOT NULL, changed_at BIGINT NOT NULL, changed_by TEXT NOT NULL, reason TEXT NOT NULL);" +
                "INSERT INTO roles VALUES (3, 'mail2', 'mail1', 1, 0, 'bob', 'failover');",
                cancellationToken: Token));
        }

        var topology = NPlusOne();
        using var database = new JournalDatabase(Microsoft.Extensions.Options.Options.Create(journal.Options), TempJournal.OperationsSchemas, new LegacyServiceOwner(() => topology.Services[0].Name.Value));
        var roles = new RoleStore(database, new FakeTimeProvider());

        var states = await roles.GetAllAsync(topology.Services, Token);

        Assert.Equal((3L, Mail2, true), (states[0].Generation, states[0].Active, states[0].MirrorPaused));
        Assert.Equal((1L, Mail2), (states[1].Generation, states[1].Active));
    }

    private static Task<PlacementRefused?> ReserveAsync(OperationJournal operations, MailTopology topology, ServiceDefinition service, string id, bool acceptOverCapacity)
    {
        var operation = new OperationRecord(service.Name, id, OperationKind.Failover, service.Home, Mail3, 1, "alice", "bob", OperationJournal.Running, DateTimeOffset.UnixEpoch, new HashSet<string>());
        return operations.ReserveAsync<PlacementRefused>(
            operation,
            "none",
            placed => Placement.Place(
                topology, service.Name, placed.Where(p => p.Key != service.Name).Append(new(service.Name, service.Home)).ToDictionary(), new HashSet<NodeName> { Mail3 }, Mail3, acceptOverCapacity) as OverCapacity,
            Token);
    }
}
