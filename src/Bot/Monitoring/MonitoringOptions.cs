using System.ComponentModel.DataAnnotations;

namespace MailHa.Bot.Monitoring;

/// <summary>Watching MailHa itself. Bound from <c>MailHa:Monitoring</c>.</summary>
public sealed class MonitoringOptions
{
    public const string Section = "MailHa:Monitoring";

    /// <summary>
    /// A secret reference (<c>file:/path</c> or <c>env:NAME</c>) to a dead man's switch URL, fetched after each
    /// mirror run and each health watch. Such a URL is a bearer capability: it is never logged. Empty: no heartbeat.
    /// </summary>
    public string? HeartbeatUrl { get; set; }

    /// <summary>One heartbeat request gives up after this long; the next run pings again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan HeartbeatTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
