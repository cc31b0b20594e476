namespace MailHa.Operations.Ldap;

/// <summary>The canary was written; <paramref name="Created"/> when the entry had to be added first.</summary>
public sealed record CanaryWritten(string Dn, bool Created);
