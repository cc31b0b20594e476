using MailHa.Operations.Topology;

namespace MailHa.Operations.Mirror;

/// <summary>Turns rsync's exit code and stderr into a typed outcome an operator can act on.</summary>
public static class RsyncExitClassifier
{
    /// <summary>rsync's exit code when the daemon refuses the login (error starting client-server protocol).</summary>
    private const int ProtocolStartError = 5;

    /// <summary>What rsync prints for ENOSPC, whichever call failed (write, mkstemp, mkdir).</summary>
    private const string NoSpace = "No space left on device";

    /// <param name="target">The node the pull writes into (whose file system can be full).</param>
    public static MirrorOutcome Classify(int exitCode, string stderr, RsyncStats? stats, NodeName target)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        return exitCode switch
        {
            // A full target: 11 (file I/O: a write failed) or 12 (protocol stream: the receiver died), or 23 when only
            // creating files failed. Checked before 23's warning: a full store must alert, not pass as "mostly current".
            11 or 12 or 23 when stderr.Contains(NoSpace, StringComparison.Ordinal) => new StoreFull(target, exitCode, FirstLineWith(stderr, NoSpace)),
            0 => new Transferred(0),
            24 => new Transferred(CountVanished(stderr)),
            23 => new PartlyTransferred(CountErrors(stderr), FirstError(stderr)),
            25 => new MaxDeleteReached(stats?.FilesDeleted),
            ProtocolStartError when stderr.Contains("auth failed", StringComparison.Ordinal) => new RsyncAuthFailed(exitCode, FirstError(stderr)),
            _ => new RsyncFailed(exitCode, FirstError(stderr)),
        };
    }

    /// <summary>rsync's own reason: an <c>@ERROR</c> line, else the first <c>rsync:</c> line, else the last line.</summary>
    public static string FirstError(string stderr)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var line = lines.FirstOrDefault(l => l.StartsWith("@ERROR", StringComparison.Ordinal))
            ?? lines.FirstOrDefault(l => l.StartsWith("rsync:", StringComparison.Ordinal) || l.StartsWith("rsync error:", StringComparison.Ordinal))
            ?? lines.LastOrDefault()
            ?? "no message";
        return Bounded(line);
    }

    private static string FirstLineWith(string stderr, string text) => Bounded(
        stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).First(l => l.Contains(text, StringComparison.Ordinal)));

    private static string Bounded(string line) => line.Length > 400 ? line[..400] + "…" : line;

    private static int CountVanished(string stderr) =>
        stderr.Split('\n').Count(l => l.StartsWith("file has vanished:", StringComparison.Ordinal));

    private static int CountErrors(string stderr) =>
        Math.Max(1, stderr.Split('\n').Count(l => l.StartsWith("rsync:", StringComparison.Ordinal)));
}
