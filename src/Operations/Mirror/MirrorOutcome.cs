namespace MailHa.Operations.Mirror;

public enum MirrorOutcome
{
    /// <summary>rsync exit 0, or 24 (files vanished: routine in a live mail store).</summary>
    Succeeded,

    /// <summary>rsync exit 23: some files were not transferred; the mirror is mostly current.</summary>
    Warning,

    /// <summary>rsync failed (auth, network, max-delete ceiling...); the standby copy may be stale.</summary>
    Failed,

    /// <summary>A guard refused to run (paused, wrong direction, empty source...). Nothing was changed.</summary>
    Refused,
}
