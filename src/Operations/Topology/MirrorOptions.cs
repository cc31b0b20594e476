using System.ComponentModel.DataAnnotations;

namespace MailHa.Operations.Topology;

/// <summary>The msgstore mirror: the standby pulls the active node's rsync module. Bound from <c>MailHa:Mirror</c>.</summary>
public sealed class MirrorOptions
{
    public const string Section = "MailHa:Mirror";

    /// <summary>rsync daemon module on the active node (<c>msgstore</c>).</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.-]+$")]
    public string Module { get; set; } = "msgstore";

    /// <summary>rsync daemon user (<c>mail</c> in the seed).</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.-]+$")]
    public string User { get; set; } = "mail";

    /// <summary>The store on every node: the module's root on the source, the destination on the standby.</summary>
    [Required, RegularExpression("^/[^'\"`$\\\\ ]*$", ErrorMessage = "must be an absolute path without quotes, spaces or '$'")]
    public string StorePath { get; set; } = "/home1/msgstore/store/partition";

    /// <summary>rsync password file on the standby; must be owned by root and unreadable by others.</summary>
    [Required, RegularExpression("^/[^'\"`$\\\\ ]*$", ErrorMessage = "must be an absolute path without quotes, spaces or '$'")]
    public string PasswordFile { get; set; } = "/etc/rsync.pass";

    /// <summary>Roles state file written on each node (generation + active node).</summary>
    [Required, RegularExpression("^/[^'\"`$\\\\ ]*$", ErrorMessage = "must be an absolute path without quotes, spaces or '$'")]
    public string StateFile { get; set; } = "/var/lib/mailha/roles";

    /// <summary>A file that always exists at the root of a mounted, healthy store; its absence means "do not pull".</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.-]+$")]
    public string SentinelFile { get; set; } = ".mailha-sentinel";

    /// <summary>
    /// Cron for the recurring job (Hangfire syntax, UTC). The seed runs every 10 minutes. Six fields, the seconds first,
    /// schedule it more often than once a minute (runs at least 30 s apart: <see cref="MirrorCron"/>).
    /// </summary>
    [Required]
    public string Cron { get; set; } = "*/10 * * * *";

    /// <summary>rsync <c>--max-delete</c>: more deletions than this fail the run instead of emptying the standby.</summary>
    [Range(0, int.MaxValue)]
    public int MaxDelete { get; set; } = 5000;

    /// <summary>Refuse when the source's file count dropped by more than this share since the last good run.</summary>
    [Range(0.0, 1.0)]
    public double MaxFileCountDrop { get; set; } = 0.5;

    /// <summary>Compress on the wire (<c>-z</c>), as the seed does.</summary>
    public bool Compress { get; set; } = true;

    /// <summary>Limit for one mirror run.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "06:00:00")]
    public TimeSpan RunTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Prints how many messages the node's MTA still holds for this store (queued, deferred or held: accepted with
    /// "250 OK" but not written into the store yet), one whole number. A switchover, failover or failback runs it on the
    /// old active node once its VIP is down, until it prints 0 or <see cref="DrainTimeout"/> has passed, before the final
    /// sync pulls: a message stored after that pull stays behind on the old node, and the first mirror run the other
    /// way deletes it. Postfix: <c>postqueue -j</c>, counting messages with a recipient in the store's domains
    /// (runbook §8). Empty: not run, and nothing is waited for.
    /// </summary>
    public string QueueCountCommand { get; set; } = "";

    /// <summary>Run once before <see cref="QueueCountCommand"/> so that deferred mail is tried now (Postfix: <c>postqueue -f</c>). Empty: not run.</summary>
    public string QueueFlushCommand { get; set; } = "";

    /// <summary>How long a move waits for <see cref="QueueCountCommand"/> to reach 0; mail still queued after it stops the move unless a final-sync failure is accepted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retired: a command that returned once the queue was empty said neither what was left nor whether it ran out of time. Set, it fails start-up naming its replacements.</summary>
    public string DrainCommand { get; set; } = "";

    /// <summary>Whether the recurring job is scheduled at all.</summary>
    public bool ScheduleEnabled { get; set; } = true;

    /// <summary>
    /// <c>Interval</c>: the store is pulled whole on <see cref="Cron"/>. <c>Continuous</c>: an inotify watcher on the active
    /// node streams changed paths and the standby pulls them within seconds; the cron's full run stays as the safety net.
    /// </summary>
    public MirrorMode Mode { get; set; } = MirrorMode.Interval;

    /// <summary>Continuous: how long the stream must be quiet before a batch is pulled.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan QuietWindow { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Continuous: the longest a change waits in a batch under steady load (the quiet window's bound).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan MaxBatchDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Continuous: a batch naming more paths than this is not pulled path by path: a full run does it.</summary>
    [Range(1, 100_000)]
    public int MaxBatchPaths { get; set; } = 2000;

    /// <summary>The heartbeat MailHa writes beside the sentinel on the active node (never mail); its age on the standby is the lag.</summary>
    [Required, RegularExpression("^[A-Za-z0-9_.-]+$")]
    public string HeartbeatFile { get; set; } = ".mailha-heartbeat";

    /// <summary>How often the heartbeat is written and read (Continuous only).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>An alert is raised when the measured lag is above this (Continuous only).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00")]
    public TimeSpan LagAlertAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A copy to lay a service's own keys over (<c>MailHa:Services:N:Mirror</c> over <c>MailHa:Mirror</c>).</summary>
    public MirrorOptions Copy() => (MirrorOptions)MemberwiseClone();
}
