namespace MailHa.Bench;

/// <summary>
/// One incremental mirror pull after a 1% change. Bytes are rsync's own <c>--stats</c> (sent + received,
/// as the pulling side counts them) and the mirror link's interface counters (both directions, all
/// frames: the real wire, including the sentinel check's extra rsync connection).
/// </summary>
internal sealed record MirrorRunResult(
    int Sequence,
    string Tool,
    double WallMs,
    bool Good,
    long? StatsBytesSent,
    long? StatsBytesReceived,
    long WireBytes,
    long? Transferred,
    long? Deleted,
    IReadOnlyList<SshCommand> Commands,
    string Note)
{
    public long? StatsBytes => StatsBytesSent + StatsBytesReceived;
}
