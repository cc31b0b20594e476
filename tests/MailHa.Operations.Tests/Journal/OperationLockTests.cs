using System.Diagnostics;
using Dapper;
using MailHa.Operations.Journal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MailHa.Operations.Tests.Journal;

public class OperationLockTests(PostgresServer postgres)
{
    private static readonly MailHa.Operations.Topology.ServiceName Service = new("jt-mail");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task TryAcquireAsync_RefusesNamingHolder_WhenSameOperationIsHeldByLiveProcess(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var gate = Lock(journal.Database, new FakeTimeProvider());
        Assert.True((await gate.TryAcquireAsync(Service, "switchover-1", "switchover", "alice", Token)).Acquired);

        // A second request that found the same operation in the journal must not join it while it runs.
        var (acquired, lease) = await gate.TryAcquireAsync(Service, "switchover-1", "switchover", "carol", Token);

        Assert.False(acquired);
        Assert.Equal("alice", lease.Holder);
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task TryAcquireAsync_TakesOverToResume_WhenHolderProcessIsGone(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var gate = Lock(journal.Database, new FakeTimeProvider());
        using var gone = Process.Start(new ProcessStartInfo("true"))!;
        await gone.WaitForExitAsync(Token);
        await SetHolderAsync(journal, "switchover-1", $"{Environment.MachineName}:{gone.Id}");

        var (acquired, lease) = await gate.TryAcquireAsync(Service, "switchover-1", "switchover", "carol", Token);

        Assert.True(acquired);
        Assert.Equal("carol", lease.Holder);
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task TryAcquireAsync_TakesOver_WhenHolderPidWasReusedByAnotherProcess(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var gate = Lock(journal.Database, new FakeTimeProvider());

        // Our own PID with another start mark: the holder died and its PID was reused (by us, after a reboot).
        await SetHolderAsync(journal, "failover-1", $"{Environment.MachineName}:{Environment.ProcessId}:1");

        var (acquired, _) = await gate.TryAcquireAsync(Service, "failover-1", "failover", "carol", Token);

        Assert.True(acquired);
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task TryAcquireAsync_RefusesOtherInstance_UntilTheLeaseExpires(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var time = new FakeTimeProvider();
        using var otherDatabase = journal.OpenAnother();
        var first = Lock(journal.Database, time);
        var second = Lock(otherDatabase, time);
        await first.TryAcquireAsync(Service, "switchover-1", "switchover", "alice", Token);

        time.Advance(TimeSpan.FromSeconds(29));
        var whileLive = await second.TryAcquireAsync(Service, "switchover-1", "switchover", "bob", Token);
        time.Advance(TimeSpan.FromSeconds(2));
        var afterExpiry = await second.TryAcquireAsync(Service, "switchover-1", "switchover", "bob", Token);

        Assert.False(whileLive.Acquired);
        Assert.True(afterExpiry.Acquired);
        Assert.False(await first.RenewAsync("switchover-1", Token));
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task RenewAsync_KeepsTheLease_PastTheFirstExpiry(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var time = new FakeTimeProvider();
        using var otherDatabase = journal.OpenAnother();
        var holder = Lock(journal.Database, time);
        var other = Lock(otherDatabase, time);
        await holder.TryAcquireAsync(Service, "failover-1", "failover", "alice", Token);

        time.Advance(TimeSpan.FromSeconds(20));
        Assert.True(await holder.RenewAsync("failover-1", Token));
        time.Advance(TimeSpan.FromSeconds(20));

        Assert.False((await other.TryAcquireAsync(Service, "failover-1", "failover", "bob", Token)).Acquired);
        Assert.Equal("failover-1", (await other.GetAsync(Service, Token))?.OperationId);
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task GetAsync_ReturnsLease_WhileHolderRuns(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var gate = Lock(journal.Database, new FakeTimeProvider());
        await gate.TryAcquireAsync(Service, "failback-1", "failback", "alice", Token);

        var lease = await gate.GetAsync(Service, Token);

        Assert.Equal(("failback-1", "alice"), (lease?.OperationId, lease?.Holder));
    }

    /// <summary>One instance's lock: its own identity, as a separate process or host would have.</summary>
    internal static OperationLock Lock(JournalDatabase database, TimeProvider time) =>
        new(database, new InstanceIdentity(), Options.Create(new JournalOptions { LeaseDuration = TimeSpan.FromSeconds(30) }), time, NullLogger<OperationLock>.Instance);

    private static async Task SetHolderAsync(TempJournal journal, string operationId, string process)
    {
        await using var connection = await journal.Database.OpenAsync(Token);
        await connection.ExecuteAsync(
            new CommandDefinition(
                """
                INSERT INTO operation_leases (service, operation_id, kind, holder, since, process, expires_at) VALUES (@service, @operationId, 'switchover', 'alice', 0, @process, 0)
                ON CONFLICT (service) DO UPDATE SET operation_id = excluded.operation_id, process = excluded.process
                """,
                new { service = Service.Value, operationId, process },
                cancellationToken: Token));
    }
}
