namespace MailHa.Operations.Ldap;

/// <summary>Both directions of the end-to-end probe (primary → standby, then standby → primary).</summary>
public sealed record ProbeReport(DateTimeOffset StartedAt, IReadOnlyList<ProbeOutcome> Directions)
{
    public bool Converged => Directions.Count > 0 && Directions.All(d => d is ProbeConverged);
}
