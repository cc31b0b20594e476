using System.ComponentModel.DataAnnotations;

namespace MailHa.Operations.Ldap;

/// <summary>The dual-master directory. Server URLs are per node (<c>MailHa:Nodes:N:LdapUrl</c>). Bound from <c>MailHa:Directory</c>.</summary>
public sealed class DirectoryOptions
{
    public const string Section = "MailHa:Directory";

    /// <summary>What the servers are: <c>OpenLdap</c> (contextCSN) or <c>SunOne</c> (Sun ONE / 389 DS: RUV and agreements).</summary>
    public DirectoryKind Kind { get; set; } = DirectoryKind.OpenLdap;

    [Required]
    public string BindDn { get; set; } = "cn=Directory Manager";

    /// <summary>Reference to the bind password: <c>file:/path</c> or <c>env:NAME</c>.</summary>
    [Required]
    public string BindPassword { get; set; } = "";

    /// <summary>Suffixes both masters replicate; the only ones any check compares.</summary>
    [Required, MinLength(1)]
    public List<string> ReplicatedSuffixes { get; set; } = [];

    /// <summary>Each server's own suffixes (default domain, o=comms-config, o=NetscapeRoot): never compared.</summary>
    public List<string> NonReplicatedSuffixes { get; set; } = [];

    /// <summary>DN of the canary entry the end-to-end probe writes; must sit under a replicated suffix.</summary>
    [Required]
    public string CanaryDn { get; set; } = "cn=mailha-canary,o=usergroup";

    /// <summary>Per-server network timeout.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:02:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the probe waits for the canary to appear on the other master before calling it not converging.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ConvergenceTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the probe looks for the canary on the other master while waiting.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:10")]
    public TimeSpan ProbePollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Lag above this is reported as lagging rather than in sync.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan LagTolerance { get; set; } = TimeSpan.FromSeconds(5);
}

public enum DirectoryKind
{
    OpenLdap,
    SunOne,
}
