using System.ComponentModel.DataAnnotations;

namespace MailHa.Operations.Topology;

/// <summary>The virtual address users reach (jt-mail: the seed's logical interface ge1:2).</summary>
public sealed class VipOptions
{
    [Required]
    public string Address { get; set; } = "";

    [Range(1, 32)]
    public int PrefixLength { get; set; } = 24;

    /// <summary>Physical interface the VIP rides on: <c>ge1</c> (Solaris), <c>eth0</c> (Linux).</summary>
    [Required]
    public string Interface { get; set; } = "";

    /// <summary>Logical interface / label: <c>ge1:2</c> on Solaris, <c>eth0:mail</c> on Linux.</summary>
    [Required]
    public string Label { get; set; } = "";

    /// <summary>Virtual host name users see, e.g. <c>jt-mail.dnmc.com.cn</c>.</summary>
    public string HostName { get; set; } = "";

    /// <summary>Service port probed to see who answers on the VIP (SMTP by default).</summary>
    [Range(1, 65535)]
    public int ServicePort { get; set; } = 25;

    /// <summary>IMAP port probed on each node's own address for status (the mailbox side of the mail service).</summary>
    [Range(1, 65535)]
    public int ImapPort { get; set; } = 143;

    /// <summary>How long a probe of the VIP or a node's service waits for an answer.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00")]
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Where a node records the PID of its detached gratuitous-ARP announce, so that fencing the node stops it:
    /// an announce still running after the VIP came down would answer the new holder's duplicate-address probe.
    /// </summary>
    [Required]
    public string AnnouncePidFile { get; set; } = "/var/run/mailha-vip-announce.pid";
}
