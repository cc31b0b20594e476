using MailHa.Operations.Journal;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Tests.Storage;

/// <summary>
/// A journal of either provider for one test: a SQLite file in a temporary directory, or a fresh
/// database on the assembly's PostgreSQL (its connection string behind a <c>file:</c> reference, as
/// in production). Everything is removed on dispose.
/// </summary>
public sealed class TempJournal : IAsyncDisposable
{
    private readonly string _directory;
    private readonly PostgresServer? _server;
    private readonly string? _connectionString;

    private TempJournal(string directory, JournalOptions options, PostgresServer? server, string? connectionString)
    {
        _directory = directory;
        _server = server;
        _connectionString = connectionString;
        Options = options;
        Database = new JournalDatabase(Microsoft.Extensions.Options.Options.Create(options));
    }

    public JournalOptions Options { get; }

    public JournalDatabase Database { get; }

    public StorageProvider Provider => Options.Provider;

    /// <summary>The providers every journal test runs against.</summary>
    public static TheoryData<StorageProvider> Providers => new(StorageProvider.Sqlite, StorageProvider.PostgreSql);

    public static async Task<TempJournal> CreateAsync(StorageProvider provider, PostgresServer server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var directory = Directory.CreateTempSubdirectory("mailha-test-").FullName;
        if (provider == StorageProvider.Sqlite)
        {
            return new TempJournal(directory, new JournalOptions { DatabasePath = Path.Combine(directory, "mailha.db") }, null, null);
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
        return new TempJournal(directory, options, server, connectionString);
    }

    /// <summary>A second handle on the same database, as another process or instance would open it.</summary>
    public JournalDatabase OpenAnother() => new(Microsoft.Extensions.Options.Options.Create(Options));

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
