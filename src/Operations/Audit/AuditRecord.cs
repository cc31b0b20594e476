namespace MailHa.Operations.Audit;

/// <summary>An event's stored columns (<see cref="AuditColumns"/>); the log adds time, sequence and the hash chain.</summary>
public sealed record AuditRecord(string Actor, string Platform, string Action, string Subject, string Outcome, string Detail = "", string ChatRef = "");
