namespace MailHa.Operations.Journal;

/// <summary>Where the journal lives: an embedded SQLite file (one instance) or a PostgreSQL database (one or more instances).</summary>
public enum StorageProvider
{
    Sqlite,
    PostgreSql,
}
