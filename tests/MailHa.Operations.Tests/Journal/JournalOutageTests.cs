using Dapper;
using MailHa.Operations.Journal;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MailHa.Operations.Tests.Journal;

/// <summary>
/// The journal on a PostgreSQL that is stopped by its PID mid-test and started again: every store meets a typed
/// <see cref="JournalUnreachable"/>, not a driver exception, and works again once the server is back, with no restart.
/// </summary>
public sealed class JournalOutageTests(RestartablePostgres postgres) : IClassFixture<RestartablePostgres>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OpenAsync_ThrowsJournalUnreachable_WhilePostgresIsStopped_AndAnswersAgainOnceItIsStarted()
    {
        await using var journal = await TempJournal.CreateAsync(StorageProvider.PostgreSql, postgres.Server, Token);
        var database = journal.Database;
        await (await database.OpenAsync(Token)).DisposeAsync();

        await postgres.Server.StopAsync();
        JournalUnreachable? dead;
        JournalUnreachableException first, second;
        try
        {
            // The pooled connection died with the server (a pool hands it out unchecked): its first command meets the outage.
            dead = database.Availability.Unreachable(await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                await using var connection = await database.OpenAsync(Token);
                await connection.ExecuteAsync(new CommandDefinition("SELECT 1", cancellationToken: Token));
            }));
            first = await Assert.ThrowsAsync<JournalUnreachableException>(() => database.OpenAsync(Token));
            second = await Assert.ThrowsAsync<JournalUnreachableException>(() => database.OpenAsync(Token));
        }
        finally
        {
            await postgres.Server.StartAsync();
        }

        // One outage, however many callers meet it; over once a connection succeeds.
        Assert.NotNull(dead);
        Assert.Equal(dead, first.Outage);
        Assert.Equal(first.Outage, second.Outage);
        Assert.Equal(first.Outage, database.Availability.Outage);
        await (await database.OpenAsync(Token)).DisposeAsync();
        Assert.Null(database.Availability.Outage);
    }

    [Fact]
    public async Task Stores_FailTypedDuringTheOutage_AndTheLeasesWorkAfterIt()
    {
        await using var journal = await TempJournal.CreateAsync(StorageProvider.PostgreSql, postgres.Server, Token);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Options.Create(journal.Options);
        var identity = new InstanceIdentity();
        var leases = new Leases(journal.Database, identity, options, time);
        var operationLock = new OperationLock(journal.Database, identity, options, time, NullLogger<OperationLock>.Instance);
        Assert.True(await leases.TryHoldAsync("leader", Token));
        Assert.True((await operationLock.TryAcquireAsync(new ServiceName("jt-mail"), "op-1", "switchover", "alice", Token)).Acquired);

        await postgres.Server.StopAsync();
        try
        {
            // The pooled connection died with the server: the first store to use it meets the outage too, typed.
            Assert.NotNull(journal.Database.Availability.Unreachable(await Assert.ThrowsAnyAsync<Exception>(() => leases.TryHoldAsync("leader", Token))));
            await Assert.ThrowsAsync<JournalUnreachableException>(() => operationLock.RenewAsync("op-1", Token));
        }
        finally
        {
            await postgres.Server.StartAsync();
        }

        Assert.True(await leases.TryHoldAsync("leader", Token));
        Assert.True(await operationLock.RenewAsync("op-1", Token));
        Assert.Equal("op-1", (await operationLock.GetAsync(new ServiceName("jt-mail"), Token))?.OperationId);
        Assert.Null(journal.Database.Availability.Outage);
    }

    [Fact]
    public void Unreachable_IsNull_ForAnErrorThatIsNotAboutReachingTheDatabase()
    {
        var database = new JournalDatabase(Options.Create(new JournalOptions()), []);

        Assert.Null(database.Availability.Unreachable(new InvalidOperationException("a bug")));
        Assert.Null(database.Availability.Unreachable(new Npgsql.PostgresException("syntax error", "ERROR", "ERROR", "42601")));
        Assert.Null(database.Availability.Outage);
    }
}
