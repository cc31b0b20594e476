namespace MailHa.Operations.Journal;

/// <summary>
/// The journal's database cannot be reached (PostgreSQL stopped, restarting, or cut off): since when this outage began
/// and what the driver said the first time (<see cref="Reason"/>, for people: "Connection refused", "terminating
/// connection due to administrator command"). Nothing is recorded, so nothing that must be recorded is done; status
/// still answers from the nodes. Lasts until the database answers again (<see cref="JournalAvailability"/>).
/// </summary>
public sealed record JournalUnreachable(DateTimeOffset Since, string Reason)
{
    public string Describe() => $"the journal (PostgreSQL) is unreachable since {Since:HH:mm:ss}Z: {Reason}";
}

/// <summary>
/// What the journal throws while <see cref="JournalUnreachable"/>, so a store deep in a use case need not return it:
/// caught at the edges (the chat pipeline, status, the background watches) and turned back into the outage it carries.
/// </summary>
public sealed class JournalUnreachableException : Exception
{
    public JournalUnreachableException()
        : this(new JournalUnreachable(DateTimeOffset.MinValue, "unknown"), null)
    {
    }

    public JournalUnreachableException(string message)
        : this(new JournalUnreachable(DateTimeOffset.MinValue, message), null)
    {
    }

    public JournalUnreachableException(string message, Exception innerException)
        : this(new JournalUnreachable(DateTimeOffset.MinValue, message), innerException)
    {
    }

    public JournalUnreachableException(JournalUnreachable outage, Exception? innerException)
        : base(outage?.Describe(), innerException)
    {
        ArgumentNullException.ThrowIfNull(outage);
        Outage = outage;
    }

    public JournalUnreachable Outage { get; }
}
