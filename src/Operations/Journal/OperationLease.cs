namespace MailHa.Operations.Journal;

/// <summary>Who holds the one-operation-at-a-time lease, for what, since when, from which instance, until when unless renewed.</summary>
public sealed record OperationLease(string OperationId, string Kind, string Holder, DateTimeOffset Since, string Instance, DateTimeOffset ExpiresAt)
{
    public string Describe() => $"{Kind} {OperationId} started by {Holder} at {Since:yyyy-MM-dd HH:mm:ss}Z on {Instance.Split(':')[0]}";
}
