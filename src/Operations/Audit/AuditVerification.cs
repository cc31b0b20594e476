namespace MailHa.Operations.Audit;

/// <summary>Result of walking the hash chain: intact, or the first entry that does not match.</summary>
public sealed record AuditVerification(bool Intact, long Entries, long? FirstBadSeq, string Message);
