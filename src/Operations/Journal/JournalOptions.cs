using System.ComponentModel.DataAnnotations;

namespace MailHa.Operations.Journal;

/// <summary>The database holding mirror history, roles, operations, the operation lease and the audit log. Bound from <c>MailHa:Storage</c>.</summary>
public sealed class JournalOptions
{
    public const string Section = "MailHa:Storage";

    /// <summary><c>Sqlite</c> (the embedded default) or <c>PostgreSql</c> (required for two or more instances).</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The SQLite file (provider <c>Sqlite</c>).</summary>
    [Required]
    public string DatabasePath { get; set; } = "/var/lib/mailha/mailha.db";

    /// <summary>Reference (<c>file:/path</c> or <c>env:NAME</c>) to the Npgsql connection string (provider <c>PostgreSql</c>); it holds a password, so it is never logged.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// How long the operation lease, the leader lease and the mirror lease last unless renewed (every
    /// third of it): an instance that dies loses them at most this long after its last renewal.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:03", "00:10:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);
}
