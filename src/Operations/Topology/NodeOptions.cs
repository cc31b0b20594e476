using System.ComponentModel.DataAnnotations;

namespace MailHa.Operations.Topology;

/// <summary>One mail host: how to reach it over SSH, where its services answer, what it runs on.</summary>
public sealed class NodeOptions
{
    /// <summary>Short host name, e.g. <c>jt-mail1</c>; used in chat, the journal and confirmations.</summary>
    [Required, RegularExpression("^[A-Za-z0-9][A-Za-z0-9.-]{0,62}$", ErrorMessage = "must be a host name (letters, digits, '.', '-')")]
    public string Name { get; set; } = "";

    /// <summary>
    /// Role at first start in the one-pair shape (no <c>MailHa:Services</c>); afterwards the journal's recorded roles
    /// win. Unset in the services shape, where a service's ordered node list says who is home.
    /// </summary>
    public NodeRole? Role { get; set; }

    /// <summary>How many services this node may run at once (an N+1 standby sets it); unset: no limit.</summary>
    [Range(1, 1000)]
    public int? Capacity { get; set; }

    public NodePlatform Platform { get; set; } = NodePlatform.Linux;

    /// <summary>SSH endpoint: address or name.</summary>
    [Required]
    public string Host { get; set; } = "";

    [Range(1, 65535)]
    public int Port { get; set; } = 22;

    [Required]
    public string User { get; set; } = "root";

    /// <summary>Path of the private key file used to log in (a secret: it never leaves this file).</summary>
    [Required]
    public string KeyPath { get; set; } = "";

    /// <summary>Pinned host key, <c>SHA256:&lt;base64&gt;</c> as <c>ssh-keygen -lf</c> prints it. No trust on first use.</summary>
    [Required, RegularExpression("^SHA256:[A-Za-z0-9+/]{43}=?$", ErrorMessage = "must be 'SHA256:' followed by the base64 digest that ssh-keygen -lf prints")]
    public string HostKeyFingerprint { get; set; } = "";

    /// <summary>The node's own service address (its physical IP), where its mail service answers.</summary>
    [Required]
    public string ServiceAddress { get; set; } = "";

    /// <summary>The node's address on the mirror network, where its rsync daemon listens.</summary>
    [Required]
    public string MirrorAddress { get; set; } = "";

    /// <summary>The node's directory server, e.g. <c>ldap://jt-mail1:389</c>.</summary>
    [Required]
    public string LdapUrl { get; set; } = "";

    public NodeName NodeName => new(Name);
}

/// <summary>The role a node is declared with in configuration; the journal records the live one.</summary>
public enum NodeRole
{
    Primary,
    Standby,
}

/// <summary>How a node's interfaces are driven: Solaris <c>ifconfig</c> or Linux <c>ip</c>.</summary>
public enum NodePlatform
{
    Linux,
    Solaris,
}
