namespace MailHa.Operations.Ldap;

/// <summary>What one call to a directory server came to: <see cref="DirectoryOk{T}"/> or <see cref="DirectoryFailed{T}"/>.</summary>
public abstract record DirectoryResult<T>;
