namespace MailHa.Operations.Audit;

/// <summary>What a caller appends; the log adds time, sequence and the hash chain.</summary>
public sealed record AuditRecord(string Actor, string Platform, string Action, string Subject, string Outcome, string Detail = "", string ChatRef = "");
