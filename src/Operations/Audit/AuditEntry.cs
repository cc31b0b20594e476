namespace MailHa.Operations.Audit;

/// <summary>
/// One line of the audit trail: who did what, where, with what outcome. <see cref="ChatRef"/> holds
/// platform message ids (never message text); <see cref="Detail"/> never holds secrets.
/// </summary>
public sealed record AuditEntry(
    long Seq,
    DateTimeOffset At,
    string Actor,
    string Platform,
    string Action,
    string Subject,
    string Outcome,
    string Detail,
    string ChatRef,
    string PrevHash,
    string Hash);
