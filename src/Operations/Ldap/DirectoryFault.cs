namespace MailHa.Operations.Ldap;

/// <summary>
/// Why a directory call or a replication check could not give a good answer. Expected outcomes, handled
/// with <c>switch</c>; exceptions are kept for bugs, cancellation and bad configuration.
/// </summary>
public abstract record DirectoryFault
{
    /// <summary>One line for reports and chat. Never contains a secret.</summary>
    public abstract string Describe();
}
