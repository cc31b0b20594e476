using Dapper;
using MailHa.Bot.Hosting;
using MailHa.Operations.Journal;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.Bot.Tests.Journal;

/// <summary>
/// The bot's journal, with every module's tables as the bot registers them, against the journal MailHa shipped before
/// each module owned its schema (<see cref="ShippedJournal"/>): a database that release created opens with nothing
/// lost and nothing run twice, and a new database gets the same tables, columns, indexes, triggers and privileges.
/// </summary>
public sealed class JournalUpgradeTests(PostgresServer postgres)
{
    private static readonly string[] Bookkeeping = ["schema_version", "schema_migrations"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<StorageProvider, int> Releases => new()
    {
        { StorageProvider.Sqlite, ShippedJournal.Latest },
        { StorageProvider.PostgreSql, ShippedJournal.Latest },
        { StorageProvider.Sqlite, 4 },
        { StorageProvider.PostgreSql, 4 },
    };

    [Theory]
    [MemberData(nameof(TempJournal.Providers), MemberType = typeof(TempJournal))]
    public async Task MigrateAsync_CreatesTheSchemaTheShippedMigrationsCreated_OnANewDatabase(StorageProvider provider)
    {
        await using var shipped = await TempJournal.CreateAsync(provider, postgres, Token, BotSchemas());
        await using (var connection = await shipped.OpenUnmigratedAsync(Token))
        {
            await ShippedJournal.CreateAsync(connection, provider, ShippedJournal.Latest, Token);
        }

        // What came after the shipped release (state per service) is applied to it as to any upgraded database.
        await shipped.Database.MigrateAsync(Token);
        await using var fresh = await TempJournal.CreateAsync(provider, postgres, Token, BotSchemas());
        await fresh.Database.MigrateAsync(Token);

        Assert.Equal(await DescribeAsync(shipped, Token), await DescribeAsync(fresh, Token));
    }

    [Theory]
    [MemberData(nameof(Releases))]
    public async Task MigrateAsync_KeepsEveryRowAndRunsNothingTwice_WhenTheDatabaseWasCreatedByTheShippedMigrations(StorageProvider provider, int shippedVersion)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token, BotSchemas());
        await using var reference = await TempJournal.CreateAsync(provider, postgres, Token, BotSchemas());
        Dictionary<string, long> rows;
        await using (var connection = await journal.OpenUnmigratedAsync(Token))
        {
            await ShippedJournal.CreateAsync(connection, provider, shippedVersion, Token);
            rows = await FillAsync(connection, Token);
        }

        await using (var connection = await reference.OpenUnmigratedAsync(Token))
        {
            await ShippedJournal.CreateAsync(connection, provider, ShippedJournal.Latest, Token);
        }

        await reference.Database.MigrateAsync(Token);

        await journal.Database.MigrateAsync(Token);
        using var again = journal.OpenAnother();
        await again.MigrateAsync(Token);

        await using var upgraded = await journal.OpenUnmigratedAsync(Token);
        var recorded = (await upgraded.QueryAsync<(string Name, long Version)>(new CommandDefinition(
            "SELECT schema_name, version FROM schema_migrations ORDER BY schema_name, version", cancellationToken: Token))).ToList();
        var versions = (await upgraded.QueryAsync<long>(new CommandDefinition("SELECT version FROM schema_version ORDER BY version", cancellationToken: Token))).ToList();
        foreach (var (table, count) in rows)
        {
            Assert.Equal((table, count), (table, await upgraded.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT COUNT(*) FROM {table}", cancellationToken: Token))));
        }

        Assert.Equal(BotSchemas().SelectMany(s => Enumerable.Range(1, s.Latest).Select(v => (s.Name, (long)v))).Order(), recorded);

        // The shipped versions stay, and the format marker 8 (above the 7 that release knew) makes that release refuse the database.
        Assert.Equal([.. Enumerable.Range(1, shippedVersion).Select(v => (long)v), 8L], versions);
        Assert.Equal(await DescribeAsync(reference, Token), await DescribeAsync(journal, Token));
    }

    [Theory]
    [MemberData(nameof(Releases))]
    public async Task MigrateAsync_GivesTheOnePairsRolesOperationsRunsAndLeaseToTheFirstService_WhenTheDatabaseWasCreatedByTheShippedMigrations(StorageProvider provider, int shippedVersion)
    {
        await using var journal = await TempJournal.CreateAsync(provider, postgres, Token, BotSchemas());
        await using (var connection = await journal.OpenUnmigratedAsync(Token))
        {
            await ShippedJournal.CreateAsync(connection, provider, shippedVersion, Token);
            await FillAsync(connection, Token);
        }

        using (var database = new JournalDatabase(Microsoft.Extensions.Options.Options.Create(journal.Options), BotSchemas(), new LegacyServiceOwner(() => "jt-mail")))
        {
            await database.MigrateAsync(Token);
        }

        await using var upgraded = await journal.OpenUnmigratedAsync(Token);
        Assert.Equal([("jt-mail", 7L, "mail2")], await upgraded.QueryAsync<(string, long, string)>(new CommandDefinition("SELECT service, generation, active FROM service_roles", cancellationToken: Token)));
        Assert.Equal(["jt-mail"], await upgraded.QueryAsync<string>(new CommandDefinition("SELECT service FROM operation_leases", cancellationToken: Token)));
        Assert.Equal(["jt-mail"], await upgraded.QueryAsync<string>(new CommandDefinition("SELECT service FROM operations", cancellationToken: Token)));
        Assert.Equal(["jt-mail"], await upgraded.QueryAsync<string>(new CommandDefinition("SELECT service FROM mirror_runs", cancellationToken: Token)));
    }

    /// <summary>Every schema the bot host registers, in its order.</summary>
    private static List<JournalSchema> BotSchemas()
    {
        using var app = BotHost.Build(null);
        return [.. app.Services.GetServices<JournalSchema>()];
    }

    /// <summary>One row in every table the shipped migrations up to that version created; returns the count per table.</summary>
    private static async Task<Dictionary<string, long>> FillAsync(System.Data.Common.DbConnection connection, CancellationToken cancellationToken)
    {
        string[] inserts =
        [
            "INSERT INTO mirror_runs (started_at, ended_at, trigger, source, target, generation, outcome, message) VALUES (1, 2, 'schedule', 'mail1', 'mail2', 1, 'Transferred', 'ok')",
            "INSERT INTO roles VALUES (7, 'mail2', 'mail1', 1, 0, 'bob', 'failover')",
            "INSERT INTO operation_lock (id, operation_id, kind, holder, since, process) VALUES (1, 'failover-1', 'failover', 'bob', 0, 'p')",
            "INSERT INTO operations (id, kind, source, target, start_generation, requested_by, approved_by, overrides, state, started_at) VALUES ('failover-1', 'failover', 'mail1', 'mail2', 1, 'alice', 'bob', '', 'done', 0)",
            "INSERT INTO operation_steps (operation_id, step, state, started_at) VALUES ('failover-1', 'fence', 'done', 0)",
            "INSERT INTO audit (at, actor, platform, action, subject, outcome, detail, chat_ref, prev_hash, hash) VALUES (0, 'alice', 'slack', 'request', 'failover', 'ok', '', '', 'a', 'b')",
            "INSERT INTO leases (name, holder, acquired_at, expires_at) VALUES ('leader', 'p', 0, 1)",
            "INSERT INTO job_slots (job, slot, holder, claimed_at) VALUES ('mirror', 1, 'p', 0)",
            "INSERT INTO chat_deliveries (key, seen_at) VALUES ('slack:1', 0)",
            "INSERT INTO teams_service_urls (url, seen_at) VALUES ('https://smba.trafficmanager.net/emea/', 0)",
            "INSERT INTO alert_streaks (problem, last_alert_at) VALUES ('mirror', 0)",
            "INSERT INTO approvals (id, state, created_at, expires_at, version, document) VALUES ('r-1a2b3c', 'Pending', 0, 1, 0, '{}')",
            "INSERT INTO alert_cards (problem, document) VALUES ('active-node-down', '{}')",
        ];
        var rows = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var insert in inserts)
        {
            var table = insert.Split(' ')[2];
            if (await TableExistsAsync(connection, table, cancellationToken))
            {
                await connection.ExecuteAsync(new CommandDefinition(insert, cancellationToken: cancellationToken));
                rows[table] = 1;
            }
        }

        return rows;
    }

    private static async Task<bool> TableExistsAsync(System.Data.Common.DbConnection connection, string table, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            connection is Npgsql.NpgsqlConnection
                ? "SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public' AND tablename = @table"
                : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @table",
            new { table },
            cancellationToken: cancellationToken)) > 0;

    /// <summary>The schema as the database describes it (tables, columns, keys, indexes, triggers, functions, privileges), without the version bookkeeping.</summary>
    private static async Task<List<string>> DescribeAsync(TempJournal journal, CancellationToken cancellationToken)
    {
        await using var connection = await journal.OpenUnmigratedAsync(cancellationToken);
        string[] queries = journal.Provider == StorageProvider.PostgreSql
            ?
            [
                """
                SELECT table_name || '.' || column_name || ' ' || ordinal_position || ' ' || data_type || ' ' || is_nullable || ' ' ||
                    COALESCE(column_default, '-') || ' ' || is_identity || ' ' || COALESCE(identity_generation, '-')
                FROM information_schema.columns WHERE table_schema = 'public'
                """,
                "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE connamespace = 'public'::regnamespace",
                "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'",
                "SELECT pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal",
                "SELECT proname || ' ' || prosrc FROM pg_proc WHERE pronamespace = 'public'::regnamespace",
                "SELECT relname || ' ' || COALESCE(relacl::text, '-') FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'",
            ]
            :
            [
                "SELECT type || ' ' || name || ' ' || COALESCE(sql, '-') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'",
            ];
        var description = new List<string>();
        foreach (var query in queries)
        {
            description.AddRange(await connection.QueryAsync<string>(new CommandDefinition(query, cancellationToken: cancellationToken)));
        }

        return [.. description.Where(d => !Bookkeeping.Any(b => d.Contains(b, StringComparison.Ordinal))).Order(StringComparer.Ordinal)];
    }
}
