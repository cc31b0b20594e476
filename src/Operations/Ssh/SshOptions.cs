using System.ComponentModel.DataAnnotations;

namespace MailHa.Operations.Ssh;

/// <summary>SSH timeouts shared by every node. Bound from <c>MailHa:Ssh</c>.</summary>
public sealed class SshOptions
{
    public const string Section = "MailHa:Ssh";

    /// <summary>How long to wait for a TCP connection and SSH handshake before calling a node unreachable.</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:05:00")]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Default limit for one remote command; a command may ask for a longer one (rsync does).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "06:00:00")]
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Keep-alive interval on reused connections, so a dead peer is noticed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);
}
