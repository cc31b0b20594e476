namespace MailHa.Operations.Ldap;

/// <summary>The call did not succeed, for an expected reason.</summary>
public sealed record DirectoryFailed<T>(DirectoryFault Fault) : DirectoryResult<T>;
