using System.Globalization;

namespace MailHa.Operations.Reporting;

/// <summary>
/// The one formatter of time spans for people (reports, chat, alerts, ages): <c>850 ms</c>, <c>12.3 s</c>,
/// <c>4m05s</c>, <c>2h03m</c>, <c>2d03h</c>.
/// </summary>
public static class Durations
{
    public static string Format(TimeSpan span) => span switch
    {
        { TotalSeconds: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0} ms"),
        { TotalMinutes: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s"),
        { TotalHours: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.Minutes}m{span.Seconds:00}s"),
        { TotalDays: < 1 } => string.Create(CultureInfo.InvariantCulture, $"{span.Hours}h{span.Minutes:00}m"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays}d{span.Hours:00}h"),
    };
}
