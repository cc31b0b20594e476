namespace MailHa.Operations.Ldap;

/// <summary>
/// Sun ONE / 389 DS: the suffix's <c>nsds50ruv</c> values (empty when the suffix has no RUV tombstone, i.e. is
/// not a replica) and this server's agreements (<c>nsds5replicationagreement</c> entries) for the suffix.
/// </summary>
public sealed record RuvState(string Suffix, IReadOnlyList<string> Ruv, IReadOnlyList<ReplicationAgreement> Agreements) : SuffixState(Suffix);
