using MailHa.Operations.Topology;

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

/// <summary>Connects to a node's directory server (its <c>LdapUrl</c>) and binds as <c>MailHa:Directory:BindDn</c>.</summary>
public interface IDirectoryClientFactory
{
    Task<DirectoryResult<IDirectoryClient>> ConnectAsync(NodeName node, CancellationToken cancellationToken);
}

/// <summary>
/// An attribute of one entry. <paramref name="EntryExists"/> is false when the entry is absent but its
/// parent is there (e.g. the canary not yet replicated); a missing suffix is a <see cref="SuffixMissing"/> fault instead.
/// </summary>
public sealed record AttributeValues(string Dn, string Attribute, bool EntryExists, IReadOnlyList<string> Values);

/// <summary>
/// Set the canary entry's <c>description</c> to <paramref name="Description"/>, creating the entry
/// (<c>applicationProcess</c>, named by its <c>cn</c>) when it is missing. Only ever the configured canary DN.
/// </summary>
public sealed record CanaryWrite(string Dn, string Description);

/// <summary>The canary was written; <paramref name="Created"/> when the entry had to be added first.</summary>
public sealed record CanaryWritten(string Dn, bool Created);
