namespace MailHa.Bot.Commands;

/// <summary>
/// What the bot says, channel-neutral: Slack renders it as Block Kit, Teams as an Adaptive Card,
/// the console as HTML. Text is plain (no platform markup); <see cref="ChatSection.Monospace"/> marks
/// a plan, table or command listing.
/// </summary>
public sealed record ChatMessage(string Title, IReadOnlyList<ChatSection> Sections, IReadOnlyList<ChatAction> Actions)
{
    public static ChatMessage Text(string title, params string[] lines) =>
        new(title, [.. lines.Select(l => new ChatSection(l))], []);

    /// <summary>One-line plain-text fallback (notifications, Slack's <c>text</c>, Teams' summary).</summary>
    public string Fallback => Sections.Count == 0 ? Title : $"{Title}: {Sections[0].Text}";
}
