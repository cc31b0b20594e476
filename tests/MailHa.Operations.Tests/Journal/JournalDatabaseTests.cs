using Dapper;
using MailHa.Operations.Failover;
using MailHa.Operations.Journal;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace MailHa.Operations.Tests.Journal;

public class JournalDatabaseTests(PostgresServer postgres)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task MigrateAsync_RecordsEveryVersionOnce_WhenTwoInstancesStartTogether(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        using var other = journal.OpenAnother();

        await Task.WhenAll(journal.Database.MigrateAsync(Token), other.MigrateAsync(Token));

        await using var connection = await journal.Database.OpenAsync(Token);
        var recorded = (await connection.QueryAsync<(string Name, long Version)>(new CommandDefinition(
            "SELECT schema_name, version FROM schema_migrations ORDER BY schema_name, version", cancellationToken: Token))).ToList();
        var format = (await connection.QueryAsync<long>(new CommandDefinition("SELECT version FROM schema_version", cancellationToken: Token))).ToList();
        Assert.Equal(
            TempJournal.OperationsSchemas.SelectMany(s => Enumerable.Range(1, s.Latest).Select(v => (s.Name, (long)v))).Order(),
            recorded);
        Assert.Equal([JournalMigrations.Format], format);
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task MigrateAsync_RefusesNamingBothVersions_WhenASchemaIsNewerThanTheCode(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        await journal.Database.MigrateAsync(Token);
        var future = RoleStore.Schema.Latest + 1;
        await using (var connection = await journal.Database.OpenAsync(Token))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "INSERT INTO schema_migrations (schema_name, version, applied_at) VALUES ('roles', @future, 0)", new { future }, cancellationToken: Token));
        }

        using var older = journal.OpenAnother();
        var error = await Assert.ThrowsAsync<JournalSchemaException>(() => older.MigrateAsync(Token));

        Assert.Contains($"'roles' is version {future}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {RoleStore.Schema.Latest}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task MigrateAsync_RefusesAndChangesNothing_WhenTheJournalRecordsVersionsInAFormatNewerThanTheCode(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var future = JournalMigrations.Format + 1;
        await using (var connection = await journal.OpenUnmigratedAsync(Token))
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL); INSERT INTO schema_version VALUES (@future, 0)",
                new { future },
                cancellationToken: Token));
        }

        var error = await Assert.ThrowsAsync<JournalSchemaException>(() => journal.Database.MigrateAsync(Token));

        Assert.Contains($"schema is version {future}", error.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {JournalMigrations.Format}", error.Message, StringComparison.Ordinal);
        await using var after = await journal.OpenUnmigratedAsync(Token);
        Assert.Equal(0, await after.ExecuteScalarAsync<long>(new CommandDefinition(
            provider == StorageProvider.PostgreSql
                ? "SELECT COUNT(*) FROM pg_tables WHERE tablename = 'roles'"
                : "SELECT COUNT(*) FROM sqlite_master WHERE name = 'roles'",
            cancellationToken: Token)));
    }

    [Fact]
    public async Task MigrateAsync_KeepsData_WhenTheSqliteFilePredatesVersioning()
    {
        var directory = Directory.CreateTempSubdirectory("mailha-test-").FullName;
        try
        {
            var path = Path.Combine(directory, "mailha.db");
            await using (var legacy = new SqliteConnection($"Data Source={path};Pooling=false"))
            {
                await legacy.OpenAsync(Token);
                await legacy.ExecuteAsync(new CommandDefinition(
                    "CREATE TABLE roles (generation INTEGER PRIMARY KEY, active TEXT NOT NULL, standby TEXT NOT NULL, mirror_paused INTEGER NOT NULL, " +
                    "changed_at INTEGER NOT NULL, changed_by TEXT NOT NULL, reason TEXT NOT NULL);" +
                    "INSERT INTO roles VALUES (7, 'mail2', 'mail1', 1, 0, 'bob', 'failover');",
                    cancellationToken: Token));
            }

            using var database = new JournalDatabase(Options.Create(new JournalOptions { DatabasePath = path }), TempJournal.OperationsSchemas, new LegacyServiceOwner(() => Topology().Services[0].Name.Value));
            var roles = await new RoleStore(database, new FakeTimeProvider()).GetAsync(Topology().Services[0], Token);

            Assert.Equal((7L, "mail2", true), (roles.Generation, roles.Active.Value, roles.MirrorPaused));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task MirrorHistoryLatest_ReadsEachServicesLastAndLastGoodRun_InOneRead_OnEitherProvider(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var history = new MirrorHistory(journal.Database);
        var at = DateTimeOffset.Parse("2026-12-05T07:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Task<MirrorRun> RecordAsync(string service, MirrorOutcome outcome) => history.RecordAsync(
            new MirrorRun(new ServiceName(service), 0, at, at, "schedule", new NodeName("mail1"), new NodeName("mail3"), 1, outcome, 0, null), Token);
        var goodA = await RecordAsync("a", new Transferred(0));
        var failedA = await RecordAsync("a", new RsyncFailed(12, "connection reset"));
        var failedB = await RecordAsync("b", new RsyncFailed(12, "connection reset"));
        var goodC = await RecordAsync("c", new Transferred(0));

        var latest = await history.LatestAsync([new("a"), new("b"), new("d"), new("c")], Token);

        Assert.Equal(
            new (long?, long?)[] { (failedA.Id, goodA.Id), (failedB.Id, null), (null, null), (goodC.Id, goodC.Id) },
            latest.Select(l => (l.Last?.Id, l.LastGood?.Id)));
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task Stores_ReadBackWhatTheyWrote_OnEitherProvider(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-11-26T00:48:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var roles = new RoleStore(journal.Database, time);
        var history = new MirrorHistory(journal.Database);
        var operations = new OperationJournal(journal.Database, time);

        var first = await roles.GetAsync(Topology().Services[0], Token);
        var changed = await roles.ChangeAsync(Topology().Services[0], first.Generation, new NodeName("mail2"), mirrorPaused: true, "bob", "switchover", Token);
        var stale = await roles.ChangeAsync(Topology().Services[0], first.Generation, new NodeName("mail1"), mirrorPaused: false, "carol", "late", Token);
        var run = await history.RecordAsync(new MirrorRun(Topology().Services[0].Name, 0, time.GetUtcNow(), time.GetUtcNow(), "schedule", new NodeName("mail1"), new NodeName("mail2"), 1,
            new Transferred(0), 0, new RsyncStats(10, 8, 2, 1, 0, 4096, 100, 2000)), Token);
        var operation = new OperationRecord(Topology().Services[0].Name, "switchover-1", OperationKind.Switchover, new NodeName("mail1"), new NodeName("mail2"), 1, "alice", "bob",
            OperationJournal.Running, time.GetUtcNow(), new HashSet<string>());
        await operations.StartAsync(operation, "", Token);
        await operations.StepAsync("switchover-1", "fence", StepState.Done, "VIP down on mail1", Token);

        Assert.Equal((2L, "mail2", true), (changed!.Generation, changed.Active.Value, changed.MirrorPaused));
        Assert.Null(stale);
        Assert.Equal(run.Id, (await history.LastGoodAsync(Topology().Services[0].Name, Token))!.Id);
        Assert.Equal(2000, (await history.LastAsync(Topology().Services[0].Name, Token))!.Stats!.BytesReceived);
        var unfinished = await operations.UnfinishedAsync(Topology().Services[0].Name, Token);
        Assert.Equal(("switchover-1", "bob"), (unfinished!.Id, unfinished.ApprovedBy));
        Assert.Contains("fence", unfinished.DoneSteps);
    }

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task MirrorHistory_ReadsBackTheTypedReason_WhenARunWasRefusedOrFailed(StorageProvider provider)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token);
        var history = new MirrorHistory(journal.Database);
        var at = DateTimeOffset.Parse("2026-11-26T00:48:00Z", System.Globalization.CultureInfo.InvariantCulture);
        MirrorOutcome[] outcomes =
        [
            new SentinelMissing(new NodeName("mail1"), ".mailha-sentinel", "/srv/msgstore"),
            new MaxDeleteReached(200),
            new RsyncAuthFailed(5, "@ERROR: auth failed on module msgstore"),
        ];
        foreach (var outcome in outcomes)
        {
            await history.RecordAsync(new MirrorRun(Topology().Services[0].Name, 0, at, at, "schedule", new NodeName("mail1"), new NodeName("mail2"), 1, outcome, null, null), Token);
        }

        var read = (await history.RecentAsync(null, 3, Token)).Select(r => r.Outcome).Reverse();

        Assert.Equal(outcomes, read);
    }

    private static MailTopology Topology() => TopologyResolver.Resolve(
        new TopologyOptions
        {
            Nodes =
            [
                new NodeOptions { Name = "mail1", Role = NodeRole.Primary },
                new NodeOptions { Name = "mail2", Role = NodeRole.Standby },
            ],
            Vip = new VipOptions { Address = "198.18.15.10" },
        },
        new MirrorOptions());
}
