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
}
