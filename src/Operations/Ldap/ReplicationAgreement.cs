namespace MailHa.Operations.Ldap;

/// <summary>One supplier-side agreement entry, raw: its <c>cn</c>, consumer, and status attributes as the server wrote them.</summary>
public sealed record ReplicationAgreement(
    string Name,
    string? ConsumerHost,
    int? ConsumerPort,
    string? LastUpdateStatus,
    string? LastUpdateEnd,
    string? UpdateInProgress)
{
    public AgreementStatus Status => AgreementStatus.Parse(LastUpdateStatus, LastUpdateEnd, UpdateInProgress);

    public override string ToString() => ConsumerHost is null ? Name : $"{Name} (to {ConsumerHost}:{ConsumerPort})";
}
