using System.Data;
using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace MailHa.Operations.Journal;

/// <summary>
/// The journal: mirror runs, recorded roles, operations and their steps, the operation lease, the
/// audit chain, and whatever else a module keeps there. Embedded SQLite (WAL, so the bot and a
/// break-glass CLI share the file) or PostgreSQL (shared by several instances). Each type that owns
/// tables registers their <see cref="JournalSchema"/>; the schemas are migrated once per process, on
/// first use or at start (<see cref="JournalMigrator"/>). SQL in the stores is written to run on both.
/// A PostgreSQL that cannot be reached is an outage (<see cref="Availability"/>): <see cref="OpenAsync"/> throws
/// <see cref="JournalUnreachableException"/>, and the edges turn it into <see cref="JournalUnreachable"/>.
/// </summary>
public sealed class JournalDatabase : IDisposable
{
    private readonly JournalOptions _options;
    private readonly IReadOnlyList<JournalSchema> _schemas;
    private readonly LegacyServiceOwner? _legacyOwner;
    private readonly Lazy<NpgsqlDataSource>? _postgres;
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    /// <param name="legacyOwner">The service that adopts the rows written before state was kept per service; none: they stay unclaimed.</param>
    public JournalDatabase(IOptions<JournalOptions> options, IEnumerable<JournalSchema> schemas, LegacyServiceOwner? legacyOwner = null)
        : this(options, schemas, TimeProvider.System, NullLogger<JournalDatabase>.Instance, legacyOwner)
    {
    }

    /// <param name="legacyOwner">The service that adopts the rows written before state was kept per service; none: they stay unclaimed.</param>
    public JournalDatabase(IOptions<JournalOptions> options, IEnumerable<JournalSchema> schemas, TimeProvider time, ILogger<JournalDatabase> logger, LegacyServiceOwner? legacyOwner = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(schemas);
        _options = options.Value;
        _schemas = [.. schemas];
        _legacyOwner = legacyOwner;
        if (_schemas.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"Two journal schemas are named '{twice.Key}'.", nameof(schemas));
        }

        if (_options.Provider == StorageProvider.PostgreSql)
        {
            _postgres = new(() => NpgsqlDataSource.Create(JournalOptionsValidator.ReadConnectionString(_options)));
        }

        // A new outage drops the pooled connections: each would fail once more after the server is back.
        Availability = new JournalAvailability(time, logger, () =>
        {
            if (_postgres is { IsValueCreated: true })
            {
                _postgres.Value.Clear();
            }
        });
    }

    public StorageProvider Provider => _options.Provider;

    /// <summary>Whether the database answers; the outage under way, if any.</summary>
    public JournalAvailability Availability { get; }

    /// <summary>
    /// A connection, migrated. Throws <see cref="JournalUnreachableException"/> when PostgreSQL cannot be reached; during an
    /// outage only one caller at a time tries again, the others get the outage at once.
    /// </summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!Availability.TryBeginAttempt(out var outage, out var probing))
        {
            throw new JournalUnreachableException(outage!, null);
        }

        try
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

            Availability.Answered();
            return connection;
        }
        catch (Exception e) when (e is not OperationCanceledException && Availability.Unreachable(e) is { } unreachable)
        {
            throw new JournalUnreachableException(unreachable, e);
        }
        finally
        {
            if (probing)
            {
                Availability.EndAttempt();
            }
        }
    }

    /// <summary>Applies the pending migrations; throws <see cref="JournalSchemaException"/> when the database (or one of its schemas) is newer than this code.</summary>
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
            await JournalMigrations.ApplyAsync(connection, transaction, Provider, _schemas, cancellationToken);
            if (_legacyOwner is not null)
            {
                await JournalMigrations.AdoptLegacyRowsAsync(connection, transaction, _schemas, _legacyOwner.Service, cancellationToken);
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
