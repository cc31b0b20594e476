namespace MailHa.Operations.Journal;

/// <summary>Who holds the one-operation-at-a-time lock, for what, since when.</summary>
public sealed record OperationLease(string OperationId, string Kind, string Holder, DateTimeOffset Since)
{
    public string Describe() => $"{Kind} {OperationId} started by {Holder} at {Since:yyyy-MM-dd HH:mm:ss}Z";
}
