namespace MailHa.Operations.Ldap;

/// <summary>OpenLDAP: the suffix entry's <c>contextCSN</c> values (empty when the suffix was never written).</summary>
public sealed record ContextCsnState(string Suffix, IReadOnlyList<string> ContextCsns) : SuffixState(Suffix);
