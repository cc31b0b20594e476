using System.Globalization;
using System.Text;
using MailHa.Bot.Chat;
using MailHa.Operations.Reporting;

namespace MailHa.Bot.Incidents;

/// <summary>
/// The timeline as people read it: a chat message (every channel renders it: a Slack reply, a Teams reply, a console
/// entry), plain lines for the terminal, and Markdown for the post-incident review. Each line names its audit entry
/// (<c>#seq</c>), which <c>mailha audit verify</c> vouches for.
/// </summary>
public static class IncidentText
{
    public static ChatMessage Chat(IncidentTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        List<ChatSection> sections = [new(Lines(timeline), Monospace: true)];
        if (timeline.Restore is { } restore)
        {
            sections.Add(new(Restore(restore)));
        }

        sections.Add(new($"Each line cites its audit entry (#); 'mailha incident {timeline.Id} --markdown' writes it for the review."));
        return new ChatMessage($"Incident timeline: {timeline.Title}", sections, []);
    }

    /// <summary>One line per fact: time (UTC), audit entry, what, and a step's duration.</summary>
    public static string Lines(IncidentTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        return string.Join('\n', timeline.Lines.Select(l =>
            $"{Time(l.At)}  #{l.Seq,-5} {l.Text}{(l.Took is { } took ? $" ({Durations.Format(took)})" : "")}"));
    }

    public static string Markdown(IncidentTimeline timeline)
    {
        ArgumentNullException.ThrowIfNull(timeline);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Incident timeline: {timeline.Title}\n\n");
        text.Append("| Time (UTC) | Audit # | What | Took |\n|---|---|---|---|\n");
        foreach (var line in timeline.Lines)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {Time(line.At)} | {line.Seq} | {Cell(line.Text)} | {(line.Took is { } took ? Durations.Format(took) : "")} |\n");
        }

        if (timeline.Restore is { } restore)
        {
            text.Append("\n## Time to restore\n\n| Detect | Decide | Execute | Total |\n|---|---|---|---|\n");
            text.Append(CultureInfo.InvariantCulture, $"| {Part(restore.Detect)} | {Part(restore.Decide)} | {Part(restore.Execute)} | {Durations.Format(restore.Total)} |\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nFrom the audit trail: each line cites its entry; `mailha audit verify` checks the chain.\n");
        return text.ToString();
    }

    private static string Restore(RestoreSplit restore) =>
        $"Time to restore {Durations.Format(restore.Total)}: detect {Part(restore.Detect)}, decide {Part(restore.Decide)}, execute {Part(restore.Execute)}.";

    private static string Part(TimeSpan? part) => part is { } value ? Durations.Format(value) : "not recorded";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');
}
