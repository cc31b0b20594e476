namespace MailHa.Operations.Ldap;

/// <summary>
/// Set the canary entry's <c>description</c> to <paramref name="Description"/>, creating the entry
/// (<c>applicationProcess</c>, named by its <c>cn</c>) when it is missing. Only ever the configured canary DN.
/// </summary>
public sealed record CanaryWrite(string Dn, string Description);
