using System.Data.Common;
using Dapper;

namespace MailHa.Operations.Journal;

/// <summary>
/// Applies the registered <see cref="JournalSchema"/>s: each schema's pending migrations in order, each recorded
/// in <c>schema_migrations</c> under the schema's name. A schema recorded at a version above what this code knows
/// was written by a newer MailHa, and this one refuses to touch the database.
/// <para>
/// Until version 7 the journal had one version for all its tables, in <c>schema_version</c>. That table stays: the
/// versions it lists are the steps a database already has (a migration's <see cref="JournalMigration.ShippedAs"/>),
/// recorded under their schema without running again; and it gets <see cref="Format"/>, so a MailHa from before
/// schemas had their own versions refuses the database (as newer than itself) instead of migrating it again.
/// </para>
/// </summary>
internal static class JournalMigrations
{
    /// <summary>The <c>schema_version</c> that says "versions are recorded per schema in <c>schema_migrations</c>".</summary>
    public const int Format = 8;

    public static async Task ApplyAsync(DbConnection connection, DbTransaction transaction, StorageProvider provider, IReadOnlyList<JournalSchema> schemas, CancellationToken cancellationToken)
    {
        var integer = provider == StorageProvider.PostgreSql ? "BIGINT" : "INTEGER";
        await ExecuteAsync($"CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at {integer} NOT NULL)");
        await ExecuteAsync(
            $"CREATE TABLE IF NOT EXISTS schema_migrations (schema_name TEXT NOT NULL, version INTEGER NOT NULL, applied_at {integer} NOT NULL, PRIMARY KEY (schema_name, version))");

        var shipped = (await connection.QueryAsync<long>(new CommandDefinition(
            "SELECT version FROM schema_version", transaction: transaction, cancellationToken: cancellationToken))).ToHashSet();
        if (shipped.Count > 0 && shipped.Max() is var format && format > Format)
        {
            throw Newer($"The {provider} journal's schema is version {format}", Format);
        }

        var recorded = (await connection.QueryAsync<(string Name, long Version)>(new CommandDefinition(
                "SELECT schema_name, MAX(version) FROM schema_migrations GROUP BY schema_name", transaction: transaction, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Name, r => (int)r.Version, StringComparer.Ordinal);
        foreach (var schema in schemas)
        {
            if (recorded.GetValueOrDefault(schema.Name) is var current && current > schema.Latest)
            {
                throw Newer($"The {provider} journal's schema '{schema.Name}' is version {current}", schema.Latest);
            }
        }

        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        foreach (var schema in schemas)
        {
            for (var version = recorded.GetValueOrDefault(schema.Name) + 1; version <= schema.Latest; version++)
            {
                var migration = schema.Migrations[version - 1];
                if (migration.ShippedAs is not { } old || !shipped.Contains(old))
                {
                    await ExecuteAsync(migration.For(provider));
                }

                await ExecuteAsync("INSERT INTO schema_migrations (schema_name, version, applied_at) VALUES (@name, @version, @at)", new { name = schema.Name, version, at });
            }
        }

        if (!shipped.Contains(Format))
        {
            await ExecuteAsync("INSERT INTO schema_version (version, applied_at) VALUES (@version, @at)", new { version = Format, at });
        }

        Task ExecuteAsync(string sql, object? parameters = null) =>
            connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
    }

    /// <summary>Gives the rows marked <c>''</c> in every <see cref="JournalSchema.LegacyServiceTables"/> to <paramref name="service"/> (none are left after the first time).</summary>
    public static async Task AdoptLegacyRowsAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<JournalSchema> schemas, string service, CancellationToken cancellationToken)
    {
        foreach (var table in schemas.SelectMany(s => s.LegacyServiceTables))
        {
            await connection.ExecuteAsync(new CommandDefinition($"UPDATE {table} SET service = @service WHERE service = ''", new { service }, transaction, cancellationToken: cancellationToken));
        }
    }

    private static JournalSchemaException Newer(string what, int known) => new(
        $"{what}, newer than this MailHa knows (up to {known}): it was written by a newer MailHa. " +
        "Run that version (or restore a backup of the journal); this one refuses to use it.");
}
