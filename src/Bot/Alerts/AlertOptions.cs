using System.ComponentModel.DataAnnotations;

namespace MailHa.Bot.Alerts;

/// <summary>Alerting. Bound from <c>MailHa:Alerts</c>.</summary>
public sealed class AlertOptions
{
    public const string Section = "MailHa:Alerts";

    /// <summary>While a problem persists, remind the channels this often.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan ReminderInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the health watch looks for split brain and broken replication (Hangfire cron, UTC).</summary>
    [Required]
    public string HealthCron { get; set; } = "*/5 * * * *";

    /// <summary>When the leader posts the audit chain's head to the alert channels (cron, UTC): once a day by default.</summary>
    [Required]
    public string AuditHeadCron { get; set; } = "0 7 * * *";

    /// <summary>How often the leader looks at the active node from every side (SSH, SMTP, VIP banner and ARP, directory).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long nothing of the active node may answer, across consecutive checks, before it is declared down and a
    /// failover is proposed. Shorter reacts sooner and proposes on shorter outages (a reboot takes minutes).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan DownAfter { get; set; } = TimeSpan.FromSeconds(60);
}
