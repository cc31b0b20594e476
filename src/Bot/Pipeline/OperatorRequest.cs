namespace MailHa.Bot.Pipeline;

/// <summary>A typed operator request; each use case declares its own record beside its handler.</summary>
public abstract record OperatorRequest
{
    /// <summary>What the audit trail names as the subject: built from checked values only, so it is bounded.</summary>
    public abstract string Subject { get; }
}
