namespace MailHa.Operations.Journal;

/// <summary>
/// The tables one type owns in the journal, as numbered migrations kept beside that type (its SQL
/// lives with the SQL that reads and writes them). Each schema has its own version, recorded per
/// <see cref="Name"/>: version N of a schema means the same tables on both providers. A module
/// registers its schemas with <c>AddJournalSchema</c>, and the journal applies what is
/// pending at start. Never edit a migration that has shipped: add the next one.
/// </summary>
public sealed record JournalSchema(string Name, IReadOnlyList<JournalMigration> Migrations)
{
    public int Latest => Migrations.Count;

    /// <summary>
    /// Tables of this schema with a <c>service</c> column whose rows written before MailHa kept state per service are
    /// marked <c>''</c> by a migration: when the journal opens they become the rows of the <see cref="LegacyServiceOwner"/>.
    /// </summary>
    public IReadOnlyList<string> LegacyServiceTables { get; init; } = [];
}

/// <summary>
/// One step of a schema, written for each provider. <paramref name="ShippedAs"/>: the journal-wide
/// version (1 to 7) under which this step shipped before each schema had its own; a database that
/// recorded that version already has it, so the step is recorded as applied without running again.
/// </summary>
public sealed record JournalMigration(string Sqlite, string PostgreSql, int? ShippedAs = null)
{
    public string For(StorageProvider provider) => provider == StorageProvider.PostgreSql ? PostgreSql : Sqlite;
}
