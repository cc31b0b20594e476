namespace MailHa.Operations.Ldap;

/// <summary>
/// A server's replication state for one suffix, as read (raw attribute values; parsing is the checker's).
/// <see cref="ContextCsnState"/> for OpenLDAP, <see cref="RuvState"/> for Sun ONE / 389 DS.
/// </summary>
public abstract record SuffixState(string Suffix);
