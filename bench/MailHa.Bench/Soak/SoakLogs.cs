using System.Globalization;
using System.Text.RegularExpressions;

namespace MailHa.Bench.Soak;

/// <summary>One alert-log entry of an instance (<c>AlertLog.Raised</c>: "{Kind} for {Problem}: {Summary}") with its time.</summary>
internal sealed record AlertLine(DateTimeOffset At, string Kind, string Problem, string Log);

/// <summary>
/// Reads the instances' logs (the console logger, single-line, UTC time stamps: the soak sets its format): the
/// lines at error level or above and unhandled exceptions, and the alert entries in time order across instances.
/// </summary>
internal static partial class SoakLogs
{
    public const string TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";

    /// <summary>
    /// Lines at error or critical level, and unhandled exceptions, with their file. A refused host key is not one: it is
    /// logged at error level (a security event) and only the soak's new host keys cause it, which HostKeyRefused checks.
    /// </summary>
    public static List<string> Failures(IEnumerable<string> logs) =>
        [.. logs.Where(File.Exists).SelectMany(log => File.ReadLines(log)
            .Where(l => (FailLine().IsMatch(l) && !HostKeyRefused().IsMatch(l)) || l.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase))
            .Select(l => $"{Path.GetFileName(log)}: {l}"))];

    /// <summary>Alert entries (alert, reminder, recovery) of every log, oldest first.</summary>
    public static List<AlertLine> Alerts(IEnumerable<string> logs) =>
        [.. logs.Where(File.Exists).SelectMany(log => File.ReadLines(log).Select(l => AlertEntry().Match(l)).Where(m => m.Success)
            .Select(m => new AlertLine(
                DateTimeOffset.ParseExact(m.Groups["at"].Value, TimestampFormat.TrimEnd(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                m.Groups["kind"].Value, m.Groups["problem"].Value, Path.GetFileName(log))))
            .OrderBy(a => a.At)];

    [GeneratedRegex(@"^\S+ (fail|crit): ")]
    private static partial Regex FailLine();

    /// <summary><c>SshLog.HostKeyRefused</c> (event 1102).</summary>
    [GeneratedRegex(@"^\S+ fail: MailHa\.Operations\.Ssh\.SshRemoteShell\[1102\] ")]
    private static partial Regex HostKeyRefused();

    [GeneratedRegex(@"^(?<at>\S+) warn: [^\[]+\[5201\] (?<kind>Alert|Reminder|Recovery) for (?<problem>\S+):")]
    private static partial Regex AlertEntry();
}
