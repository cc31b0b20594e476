namespace MailHa.Operations.Ldap;

/// <summary>What one call to a directory server came to: <see cref="DirectoryOk{T}"/> or <see cref="DirectoryFailed{T}"/>.</summary>
public abstract record DirectoryResult<T>;

/// <summary>The call succeeded with <paramref name="Value"/>.</summary>
public sealed record DirectoryOk<T>(T Value) : DirectoryResult<T>;

/// <summary>The call did not succeed, for an expected reason.</summary>
public sealed record DirectoryFailed<T>(DirectoryFault Fault) : DirectoryResult<T>;
