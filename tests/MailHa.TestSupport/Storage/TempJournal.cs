using System.Data.Common;
using MailHa.Operations;
using MailHa.Operations.Journal;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MailHa.TestSupport.Storage;

/// <summary>
/// A journal of either provider for one test: a SQLite file in a temporary directory, or a fresh
/// database on the assembly's PostgreSQL (its connection string behind a <c>file:</c> reference, as
/// in production). Its tables are the ones Operations registers, or the <c>schemas</c> given. Everything is removed
/// on dispose.
/// </summary>
public sealed class TempJournal : IAsyncDisposable
{
    private readonly string _directory;
    private readonly PostgresServer? _server;
    private readonly string? _connectionString;
    private readonly IReadOnlyList<JournalSchema> _schemas;

    private TempJournal(string directory, JournalOptions options, PostgresServer? server, string? connectionString, IReadOnlyList<JournalSchema> schemas)
    {
        _directory = directory;
        _server = server;
        _connectionString = connectionString;
        _schemas = schemas;
        Options = options;
        Database = OpenAnother();
    }

    /// <summary>The tables Operations keeps in the journal, as <c>AddMailHaOperations</c> registers them.</summary>
    public static IReadOnlyList<JournalSchema> OperationsSchemas { get; } =
        [.. new ServiceCollection().AddMailHaOperations().Where(d => d.ServiceType == typeof(JournalSchema)).Select(d => (JournalSchema)d.ImplementationInstance!)];

    public JournalOptions Options { get; }

    public JournalDatabase Database { get; }

    public StorageProvider Provider => Options.Provider;

    /// <summary>The providers every journal test runs against.</summary>
    public static TheoryData<StorageProvider> Providers() => new(StorageProvider.Sqlite, StorageProvider.PostgreSql);

    public static async Task<TempJournal> CreateAsync(StorageProvider provider, PostgresServer server, CancellationToken cancellationToken, IEnumerable<JournalSchema>? schemas = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        IReadOnlyList<JournalSchema> tables = [.. schemas ?? OperationsSchemas];
        var directory = Directory.CreateTempSubdirectory("mailha-test-").FullName;
        if (provider == StorageProvider.Sqlite)
        {
            return new TempJournal(directory, new JournalOptions { DatabasePath = Path.Combine(directory, "mailha.db") }, null, null, tables);
        }

        string connectionString;
        try
        {
            connectionString = await server.CreateDatabaseAsync(cancellationToken);
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }

        var secret = Path.Combine(directory, "connection-string");
        await File.WriteAllTextAsync(secret, connectionString, cancellationToken);
        var options = new JournalOptions { Provider = StorageProvider.PostgreSql, ConnectionString = $"file:{secret}" };
        return new TempJournal(directory, options, server, connectionString, tables);
    }

    /// <summary>A second handle on the same database, as another process or instance would open it.</summary>
    public JournalDatabase OpenAnother() => new(Microsoft.Extensions.Options.Options.Create(Options), _schemas);

    /// <summary>A connection that migrates nothing, as another release of MailHa (or an operator) would open the database.</summary>
    public async Task<DbConnection> OpenUnmigratedAsync(CancellationToken cancellationToken)
    {
        DbConnection connection = _server is null
            ? new SqliteConnection($"Data Source={Options.DatabasePath};Pooling=false")
            : new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>Runs SQL with more power than MailHa has: the file's owner on SQLite, the superuser on PostgreSQL.</summary>
    public async Task TamperAsync(string sqliteSql, string postgreSql, CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            await using var connection = await Database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = sqliteSql;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            await _server.AsSuperuserAsync(_connectionString!, postgreSql, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_server is not null)
        {
            await _server.DropDatabaseAsync(_connectionString!);
        }

        Directory.Delete(_directory, recursive: true);
    }
}
