namespace MailHa.Operations.Ldap;

/// <summary>
/// One supplier-side agreement entry, raw: its <c>cn</c>, consumer, and status attributes as the server wrote them.
/// <paramref name="Enabled"/> is <c>nsds5ReplicaEnabled</c> (389 DS; absent on Sun ONE 5.2, where agreements are always on).
/// </summary>
public sealed record ReplicationAgreement(
    string Name,
    string? ConsumerHost,
    int? ConsumerPort,
    string? LastUpdateStatus,
    string? LastUpdateEnd,
    string? UpdateInProgress,
    string? Enabled = null)
{
    /// <summary>False only when the server says the agreement is switched off.</summary>
    public bool IsEnabled => !string.Equals(Enabled?.Trim(), "off", StringComparison.OrdinalIgnoreCase);

    public AgreementStatus Status => AgreementStatus.Parse(LastUpdateStatus, LastUpdateEnd, UpdateInProgress);

    public override string ToString() => ConsumerHost is null ? Name : $"{Name} (to {ConsumerHost}:{ConsumerPort})";
}
