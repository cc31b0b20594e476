using System.Text.Json.Serialization;

namespace MailHa.Operations.Audit;

/// <summary>
/// One line of the audit trail as stored: its columns (what the hash chain covers) and, read through
/// <see cref="AuditColumns"/>, the typed <see cref="Event"/>. <see cref="ChatRef"/> holds platform message ids
/// (never message text); <see cref="Detail"/> never holds secrets.
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
    string Hash)
{
    /// <summary>What happened, typed: readers switch on this, never on the column words.</summary>
    public AuditEvent Event => AuditColumns.Read(new AuditRecord(Actor, Platform, Action, Subject, Outcome, Detail, ChatRef));

    /// <summary>The chain's head as of this entry: what someone outside keeps to prove later that the chain still extends it.</summary>
    [JsonIgnore]
    public AuditHead Head => new(Seq, Hash);
}
