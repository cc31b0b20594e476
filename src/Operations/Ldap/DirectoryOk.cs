namespace MailHa.Operations.Ldap;

/// <summary>The call succeeded with <paramref name="Value"/>.</summary>
public sealed record DirectoryOk<T>(T Value) : DirectoryResult<T>;
