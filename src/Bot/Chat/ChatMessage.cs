namespace MailHa.Bot.Chat;

/// <summary>
/// What the bot says, channel-neutral: Slack renders it as Block Kit, Teams as an Adaptive Card,
/// the console as HTML. Text is plain (no platform markup); <see cref="ChatSection.Monospace"/> marks
/// a plan, table or command listing. <see cref="Audience"/> says whether the whole conversation or only
/// the person who asked should see it (refusals, click answers).
/// </summary>
public sealed record ChatMessage(string Title, IReadOnlyList<ChatSection> Sections, IReadOnlyList<ChatAction> Actions)
{
    public ChatAudience Audience { get; init; } = ChatAudience.Conversation;

    public static ChatMessage Text(string title, params string[] lines) =>
        new(title, [.. lines.Select(l => new ChatSection(l))], []);

    /// <summary>The same message addressed only to the person who asked (ephemeral in Slack).</summary>
    public ChatMessage ToAskerOnly() => this with { Audience = ChatAudience.Asker };

    /// <summary>The longest title any channel shows.</summary>
    public const int MaxTitleLength = 150;

    /// <summary>The longest one-line fallback (notifications, Slack's <c>text</c>, Teams' summary).</summary>
    public const int MaxFallbackLength = 300;

    /// <summary>One-line plain-text fallback (notifications, Slack's <c>text</c>, Teams' summary), bounded.</summary>
    public string Fallback => Cut(Sections.Count == 0 ? Title : $"{Title}: {Sections[0].Text}", MaxFallbackLength);

    /// <summary>
    /// This message with at most <paramref name="maxCharacters"/> characters of section text: sections past the budget
    /// are cut at a line break and a visible note says how much was left out. Actions and title are kept.
    /// </summary>
    public ChatMessage Within(int maxCharacters)
    {
        var total = Sections.Sum(s => s.Text.Length);
        if (total <= maxCharacters && Title.Length <= MaxTitleLength)
        {
            return this;
        }

        var kept = new List<ChatSection>();
        var room = maxCharacters;
        foreach (var section in Sections)
        {
            if (section.Text.Length <= room)
            {
                kept.Add(section);
                room -= section.Text.Length;
                continue;
            }

            if (room > 200)
            {
                var cut = section.Text.LastIndexOf('\n', room - 1);
                kept.Add(section with { Text = section.Text[..(cut > room / 2 ? cut : room)] });
            }

            break;
        }

        var shown = kept.Sum(s => s.Text.Length);
        if (shown < total)
        {
            kept.Add(new ChatSection($"… {total - shown} more characters not shown here (the platform's message limit). The full text: `mailha status`, `mailha audit` or the console."));
        }

        return this with { Title = Cut(Title, MaxTitleLength), Sections = kept };
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}

/// <summary>
/// A paragraph of a <see cref="ChatMessage"/>; monospace for plans and tables. <paramref name="Behind"/> names the
/// expansion it sits behind ("Show commands", "Full status"): shown on a click (Teams), in the thread (Slack), in a
/// &lt;details&gt; (console); null: shown at once.
/// </summary>
public sealed record ChatSection(string Text, bool Monospace = false, string? Behind = null);

/// <summary>Who should see a message.</summary>
public enum ChatAudience
{
    /// <summary>Everyone in the conversation (operations, their progress, status asked in a channel).</summary>
    Conversation,

    /// <summary>Only the person who asked or clicked (refusals, decisions on a card): ephemeral where the platform can.</summary>
    Asker,
}
