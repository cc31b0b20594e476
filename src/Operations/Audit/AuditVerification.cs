namespace MailHa.Operations.Audit;

/// <summary>
/// Result of walking the hash chain: intact (and, when a kept head was given, still extending it), or the first entry
/// that does not match. <see cref="Head"/> is the chain's head now (null when it is empty).
/// </summary>
public sealed record AuditVerification(bool Intact, long Entries, long? FirstBadSeq, string Message, AuditHead? Head = null);
