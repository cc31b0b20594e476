namespace MailHa.Operations.Failover;

/// <summary>An approved operation to run: who asked, who approved, what they accepted.</summary>
public sealed record FailoverRequest(OperationKind Kind, string RequestedBy, string ApprovedBy, FailoverOverrides Overrides);
