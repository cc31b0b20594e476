using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MailHa.Operations.Journal;

/// <summary>
/// The journal: mirror runs, recorded roles, operations and their steps, the operation lease and
/// the audit chain. Embedded SQLite (WAL, so the bot and a break-glass CLI share the file) or
/// PostgreSQL (shared by several instances). The schema is migrated once per process, on first use
/// or at start (<see cref="JournalMigrator"/>); SQL in the stores is written to run on both.
/// </summary>
public sealed class JournalDatabase : IDisposable
{
    private readonly JournalOptions _options;
    private readonly Lazy<NpgsqlDataSource>? _postgres;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public JournalDatabase(IOptions<JournalOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        if (_options.Provider == StorageProvider.PostgreSql)
        {
            _postgres = new(() => NpgsqlDataSource.Create(JournalOptionsValidator.ReadConnectionString(_options)));
        }
    }

    public StorageProvider Provider => _options.Provider;

    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = await OpenUnmigratedAsync(cancellationToken);
        if (!_schemaReady)
        {
            try
            {
                await ApplyMigrationsAsync(connection, cancellationToken);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
        }

        return connection;
    }

    /// <summary>Applies the pending migrations; throws <see cref="JournalSchemaException"/> when the database is newer than this code.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken);
    }

    /// <summary>
    /// A transaction in which writers that name the same <paramref name="lockName"/> take turns:
    /// SQLite begins it IMMEDIATE (the database write lock), PostgreSQL takes a transaction-scoped
    /// advisory lock (which needs no privilege on the table, so it works on the append-only audit).
    /// </summary>
    public async Task<DbTransaction> BeginExclusiveAsync(DbConnection connection, string lockName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        if (Provider == StorageProvider.PostgreSql)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "SELECT pg_advisory_xact_lock(hashtext(@name))", new { name = "mailha:" + lockName }, transaction, cancellationToken: cancellationToken));
        }

        return transaction;
    }

    public void Dispose()
    {
        _schemaGate.Dispose();
        if (_postgres is { IsValueCreated: true })
        {
            _postgres.Value.Dispose();
        }
    }

    private async Task<DbConnection> OpenUnmigratedAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.Value.OpenConnectionAsync(cancellationToken);
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(_options.DatabasePath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = _options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString());
        await connection.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;", cancellationToken: cancellationToken));
        return connection;
    }

    private async Task ApplyMigrationsAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            if (Provider == StorageProvider.Sqlite)
            {
                // Outside any transaction: SQLite cannot change the journal mode inside one.
                await connection.ExecuteAsync(new CommandDefinition("PRAGMA journal_mode = WAL;", cancellationToken: cancellationToken));
            }

            // Instances starting together take turns; the second finds the work done.
            await using var transaction = await BeginExclusiveAsync(connection, "schema", cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition(JournalMigrations.VersionTable(Provider), transaction: transaction, cancellationToken: cancellationToken));
            var current = await connection.ExecuteScalarAsync<int?>(new CommandDefinition(
                "SELECT MAX(version) FROM schema_version", transaction: transaction, cancellationToken: cancellationToken)) ?? 0;
            if (current > JournalMigrations.Latest)
            {
                throw new JournalSchemaException(
                    $"The {Provider} journal's schema is version {current}, newer than this MailHa knows (up to {JournalMigrations.Latest}): " +
                    "it was written by a newer MailHa. Run that version (or restore a backup of the journal); this one refuses to use it.");
            }

            var migrations = JournalMigrations.For(Provider);
            for (var version = current + 1; version <= JournalMigrations.Latest; version++)
            {
                await connection.ExecuteAsync(new CommandDefinition(migrations[version - 1], transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_version (version, applied_at) VALUES (@version, @at)",
                    new { version, at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() },
                    transaction,
                    cancellationToken: cancellationToken));
            }

            await transaction.CommitAsync(cancellationToken);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }
}
