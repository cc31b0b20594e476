namespace MailHa.Operations.Secrets;

/// <summary>Start-up checks for secret references: well-formed, and present when the feature is on.</summary>
public static class SecretValidation
{
    /// <summary>Adds a failure naming <paramref name="key"/> when the reference is malformed or its secret missing.</summary>
    public static void Check(ICollection<string> failures, string key, string? reference, bool required = true)
    {
        ArgumentNullException.ThrowIfNull(failures);
        if (string.IsNullOrWhiteSpace(reference))
        {
            if (required)
            {
                failures.Add($"{key}: a secret reference is required ('file:/path' or 'env:NAME').");
            }

            return;
        }

        if (!SecretReference.TryParse(reference, out var parsed))
        {
            failures.Add($"{key}: must be a reference 'file:/path' or 'env:NAME', never the secret itself.");
            return;
        }

        if (parsed!.TryRead() is null)
        {
            failures.Add($"{key}: the secret at {parsed} is missing or empty.");
        }
    }
}
