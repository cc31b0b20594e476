namespace MailHa.Operations.Ldap;

/// <summary>
/// An attribute of one entry. <paramref name="EntryExists"/> is false when the entry is absent but its
/// parent is there (e.g. the canary not yet replicated); a missing suffix is a <see cref="SuffixMissing"/> fault instead.
/// </summary>
public sealed record AttributeValues(string Dn, string Attribute, bool EntryExists, IReadOnlyList<string> Values);
