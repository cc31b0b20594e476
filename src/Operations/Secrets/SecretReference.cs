namespace MailHa.Operations.Secrets;

/// <summary>
/// Where a secret lives: <c>file:/etc/mailha/ldap.pass</c> or <c>env:MAILHA_LDAP_PASSWORD</c>.
/// Configuration holds only the reference, never the secret; the value is read when needed.
/// </summary>
public sealed record SecretReference(SecretSource Source, string Location)
{
    public static bool TryParse(string? text, out SecretReference? reference)
    {
        reference = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        if (text.StartsWith("file:", StringComparison.Ordinal) && text.Length > 5)
        {
            reference = new SecretReference(SecretSource.File, text[5..]);
        }
        else if (text.StartsWith("env:", StringComparison.Ordinal) && text.Length > 4)
        {
            reference = new SecretReference(SecretSource.Environment, text[4..]);
        }

        return reference is not null;
    }

    /// <summary>Reads the secret; returns null when the file or variable is missing or empty.</summary>
    public string? TryRead()
    {
        var value = Source switch
        {
            SecretSource.File => File.Exists(Location) ? File.ReadAllText(Location) : null,
            SecretSource.Environment => Environment.GetEnvironmentVariable(Location),
            _ => null,
        };
        value = value?.TrimEnd('\r', '\n');
        return string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>Describes the reference without the secret, for errors and logs.</summary>
    public override string ToString() => Source == SecretSource.File ? $"file:{Location}" : $"env:{Location}";
}
