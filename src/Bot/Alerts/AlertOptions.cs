using System.ComponentModel.DataAnnotations;
using MailHa.Operations.Liveness;

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

    /// <summary>
    /// How often the leader looks at the active node from every side (SSH, SMTP, VIP banner and ARP, directory) while it
    /// answers. Once nothing of it answers the watch looks again at once, back to back (<see cref="WatchCadence"/>), until
    /// the node answers or is declared down. The cut's phase in this cycle adds up to one interval to detection.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan WatchInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How often the leader looks for an operation or a mirror run whose process died (<see cref="InterruptedOperationWatch"/>):
    /// two journal reads, cheap enough to look often. It also looks just after a live lease would run out and at once on a
    /// takeover, so this bounds how late it notices a lease it had not seen yet (or its end, for the all-clear).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = Section + ":" + nameof(InterruptedWatchInterval) + " must be between {1} and {2} (hh:mm:ss).")]
    public TimeSpan InterruptedWatchInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long nothing of the active node may answer, across consecutive checks, before it is declared down and a
    /// failover is proposed, when the evidence is ambiguous (a view could not look) or the node is flapping. Shorter
    /// reacts sooner and proposes on shorter outages (a reboot takes minutes).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan DownAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The same when every one of the active node's five views positively says it is gone and the standby that asked
    /// ARP is healthy. Longer than the network blips the site should ride out (a 15 s blip stays below 17 s with a
    /// second to spare). A <see cref="DownAfter"/> shorter than this wins: agreeing evidence never waits longer.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan AgreedDownAfter { get; set; } = TimeSpan.FromSeconds(17);

    /// <summary>
    /// Flap damping: a node that came back from a streak less than this before a new streak began needs the full
    /// <see cref="DownAfter"/>, whatever the evidence. Zero turns damping off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan FlapMemory { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>The detector's windows.</summary>
    public DownWindows ToWindows() => new(DownAfter, AgreedDownAfter < DownAfter ? AgreedDownAfter : DownAfter, FlapMemory);
}
