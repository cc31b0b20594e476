namespace MailHa.Operations.Topology;

/// <summary>How the standby is kept current (<c>MailHa:Mirror:Mode</c>).</summary>
public enum MirrorMode
{
    /// <summary>The whole store is pulled on the cron, as the system always did: an unplanned failover loses up to one interval.</summary>
    Interval,

    /// <summary>
    /// Changed paths are streamed from an inotify watcher on the active node and pulled within seconds; the cron's
    /// full run stays as the safety net. Linux only.
    /// </summary>
    Continuous,
}
