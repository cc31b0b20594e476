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

    /// <summary>One-line plain-text fallback (notifications, Slack's <c>text</c>, Teams' summary).</summary>
    public string Fallback => Sections.Count == 0 ? Title : $"{Title}: {Sections[0].Text}";
}

/// <summary>A paragraph of a <see cref="ChatMessage"/>; monospace for plans and tables.</summary>
public sealed record ChatSection(string Text, bool Monospace = false);

/// <summary>A button on a message, e.g. Approve / Reject for one pending request.</summary>
public sealed record ChatAction(string Verb, string Title, string RequestId, ChatActionStyle Style = ChatActionStyle.Default);

public enum ChatActionStyle
{
    Default,
    Primary,
    Danger,
}

/// <summary>Who should see a message.</summary>
public enum ChatAudience
{
    /// <summary>Everyone in the conversation (operations, their progress, status asked in a channel).</summary>
    Conversation,

    /// <summary>Only the person who asked or clicked (refusals, decisions on a card): ephemeral where the platform can.</summary>
    Asker,
}
