using System.Globalization;

namespace MailHa.Bot.Chat;

/// <summary>The one way the bot writes times and durations: UTC clock times with a Z, ages in words, step durations in seconds.</summary>
public static class ChatTime
{
    /// <summary><c>14:05Z</c>.</summary>
    public static string Clock(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture) + "Z";

    /// <summary><c>11-26 14:05Z</c>.</summary>
    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z";

    /// <summary><c>2026-11-26 14:05Z</c>.</summary>
    public static string Full(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + "Z";

    /// <summary>A step's duration: <c>2.3s</c>.</summary>
    public static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";

    /// <summary>How long ago, in words: <c>just now</c>, <c>45 s ago</c>, <c>2 min ago</c>, <c>3 h ago</c>, <c>2 days ago</c>.</summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var span = now - at;
        return span.TotalSeconds switch
        {
            < 5 => "just now",
            < 90 => $"{span.TotalSeconds:0} s ago",
            < 90 * 60 => $"{span.TotalMinutes:0} min ago",
            < 36 * 3600 => $"{span.TotalHours:0} h ago",
            _ => $"{span.TotalDays:0} days ago",
        };
    }
}
