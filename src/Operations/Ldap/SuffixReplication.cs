namespace MailHa.Operations.Ldap;

/// <summary>How one replicated suffix stands between the two masters: <see cref="InSync"/>, <see cref="Lagging"/> or <see cref="Broken"/>.</summary>
public abstract record SuffixReplication(string Suffix)
{
    public abstract ReplicationState State { get; }

    /// <summary>One line for reports and chat.</summary>
    public abstract string Describe();
}
