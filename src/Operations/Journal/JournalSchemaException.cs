namespace MailHa.Operations.Journal;

/// <summary>The database cannot be used by this MailHa (its schema is newer than the code): a start-up failure, like bad configuration.</summary>
public sealed class JournalSchemaException : Exception
{
    public JournalSchemaException()
    {
    }

    public JournalSchemaException(string message)
        : base(message)
    {
    }

    public JournalSchemaException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
