namespace MailHa.Operations.Mirror;

/// <summary>Turns rsync's exit code and stderr into an outcome and a message an operator can act on.</summary>
public static class RsyncExitClassifier
{
    public static (MirrorOutcome Outcome, string Message) Classify(int exitCode, string stderr, RsyncStats? stats)
    {
        ArgumentNullException.ThrowIfNull(stderr);
        return exitCode switch
        {
            0 => (MirrorOutcome.Succeeded, ""),
            24 => (MirrorOutcome.Succeeded, $"{CountVanished(stderr)} file(s) vanished during the transfer (routine: mail moved or expunged)"),
            23 => (MirrorOutcome.Warning, $"partial transfer: {CountErrors(stderr)} file(s) not transferred; first error: {FirstError(stderr)}"),
            25 => (MirrorOutcome.Failed, $"stopped at the --max-delete ceiling: the source would delete more than allowed ({stats?.FilesDeleted?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "many"} deleted before stopping). Check the primary's store before the next run."),
            _ => (MirrorOutcome.Failed, $"rsync exit {exitCode}: {FirstError(stderr)}"),
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
        return line.Length > 400 ? line[..400] + "…" : line;
    }

    private static int CountVanished(string stderr) =>
        stderr.Split('\n').Count(l => l.StartsWith("file has vanished:", StringComparison.Ordinal));

    private static int CountErrors(string stderr) =>
        Math.Max(1, stderr.Split('\n').Count(l => l.StartsWith("rsync:", StringComparison.Ordinal)));
}
