using MailHa.Operations.Journal;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Tests;

/// <summary>A journal database in a temporary file, deleted on dispose.</summary>
public sealed class TempJournal : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("mailha-test-").FullName;

    public TempJournal() => Database = new JournalDatabase(Options.Create(new JournalOptions { DatabasePath = Path.Combine(_directory, "mailha.db") }));

    public JournalDatabase Database { get; }

    public void Dispose()
    {
        Database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
