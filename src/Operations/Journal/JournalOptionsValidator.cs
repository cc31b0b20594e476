using MailHa.Operations.Secrets;
using Microsoft.Extensions.Options;

namespace MailHa.Operations.Journal;

/// <summary>PostgreSQL needs a connection string reference whose secret is present and parses.</summary>
public sealed class JournalOptionsValidator : IValidateOptions<JournalOptions>
{
    private const string Key = "MailHa:Storage:ConnectionString";

    public ValidateOptionsResult Validate(string? name, JournalOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider != StorageProvider.PostgreSql)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        SecretValidation.Check(failures, Key, options.ConnectionString);
        if (failures.Count == 0)
        {
            try
            {
                _ = new Npgsql.NpgsqlConnectionStringBuilder(ReadConnectionString(options));
            }
            catch (ArgumentException)
            {
                // The exception text can quote the secret: name the key only.
                failures.Add($"{Key}: the secret is not a valid Npgsql connection string (Host=...;Database=...;Username=...;Password=...).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The connection string behind the reference; the validator has already checked it is there.</summary>
    internal static string ReadConnectionString(JournalOptions options) =>
        SecretReference.TryParse(options.ConnectionString, out var reference) && reference!.TryRead() is { } value
            ? value
            : throw new InvalidOperationException($"{Key}: the secret reference is missing or empty.");
}
