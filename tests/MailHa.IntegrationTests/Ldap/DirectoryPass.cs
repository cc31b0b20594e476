namespace MailHa.IntegrationTests.Ldap;

/// <summary>
/// Which of test.sh's two lab passes a directory test runs in, as the trait <see cref="Trait"/>: untagged tests run in
/// the first pass only (OpenLDAP, the default lab); the second pass (389 Directory Server, <c>MAILHA_LAB_DIRECTORY=389ds</c>)
/// runs <see cref="SunOneOnly"/> and <see cref="Both"/> (test.sh's filter <c>Directory=SunOne|Directory=Both</c>).
/// </summary>
public static class DirectoryPass
{
    public const string Trait = "Directory";

    /// <summary>Only against 389 DS: faults of replication agreements (skipped in the OpenLDAP pass).</summary>
    public const string SunOneOnly = "SunOne";

    /// <summary>
    /// In both passes: MailHa reads each flavour its own way (contextCSN against RUVs and agreements' status), so what the
    /// test sees depends on the flavour. A test whose behaviour does not (the canary probe is plain LDAP, the symmetric
    /// lab's directories are the asymmetric lab's pair of suppliers) runs in the first pass only.
    /// </summary>
    public const string Both = "Both";
}
