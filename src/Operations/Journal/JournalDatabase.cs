using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Journal;

/// <summary>
/// The embedded SQLite database: mirror runs, recorded roles, operations and their steps, the
/// operation lock and the audit chain. WAL mode so the bot and a break-glass CLI can share it.
/// </summary>
public sealed class JournalDatabase(IOptions<JournalOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _schemaGate = new(1, 1);
    private volatile bool _schemaReady;

    public string Path => options.Value.DatabasePath;

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA busy_timeout = 10000; PRAGMA foreign_keys = ON;";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        if (!_schemaReady)
        {
            await EnsureSchemaAsync(connection, cancellationToken);
        }

        return connection;
    }

    public void Dispose() => _schemaGate.Dispose();

    private async Task EnsureSchemaAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _schemaGate.WaitAsync(cancellationToken);
        try
        {
            if (_schemaReady)
            {
                return;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = JournalSchema.Sql;
            await command.ExecuteNonQueryAsync(cancellationToken);
            _schemaReady = true;
        }
        finally
        {
            _schemaGate.Release();
        }
    }
}
