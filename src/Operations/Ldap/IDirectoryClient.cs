namespace MailHa.Operations.Ldap;

/// <summary>
/// One bound session on one node's directory server. Every call is bounded by <c>MailHa:Directory:Timeout</c>
/// and cancellable; expected failures come back as <see cref="DirectoryFailed{T}"/>. Dispose to unbind.
/// </summary>
public interface IDirectoryClient : IDisposable
{
    /// <summary>Reads the suffix's replication state: contextCSN (OpenLDAP), or RUV and agreements (Sun ONE / 389 DS).</summary>
    Task<DirectoryResult<SuffixState>> ReadSuffixStateAsync(string suffix, CancellationToken cancellationToken);

    /// <summary>Reads one attribute of one entry.</summary>
    Task<DirectoryResult<AttributeValues>> ReadAttributeAsync(string dn, string attribute, CancellationToken cancellationToken);

    /// <summary>Writes the canary's description, adding the canary entry if it is missing.</summary>
    Task<DirectoryResult<CanaryWritten>> WriteCanaryAsync(CanaryWrite canary, CancellationToken cancellationToken);
}
