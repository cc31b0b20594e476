namespace MailHa.Operations.Ldap;

/// <summary>
/// A server's replication state for one suffix, as read (raw attribute values; parsing is the checker's).
/// <see cref="ContextCsnState"/> for OpenLDAP, <see cref="RuvState"/> for Sun ONE / 389 DS.
/// </summary>
public abstract record SuffixState(string Suffix);

/// <summary>OpenLDAP: the suffix entry's <c>contextCSN</c> values (empty when the suffix was never written).</summary>
public sealed record ContextCsnState(string Suffix, IReadOnlyList<string> ContextCsns) : SuffixState(Suffix);

/// <summary>
/// Sun ONE / 389 DS: the suffix's <c>nsds50ruv</c> values (empty when the suffix has no RUV tombstone, i.e. is
/// not a replica) and this server's agreements (<c>nsds5replicationagreement</c> entries) for the suffix.
/// </summary>
public sealed record RuvState(string Suffix, IReadOnlyList<string> Ruv, IReadOnlyList<ReplicationAgreement> Agreements) : SuffixState(Suffix);
