using System.Text;
using System.Text.Json.Nodes;
using MailHa.Bot.Chat;

namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// <see cref="ChatMessage"/> → Adaptive Card 1.4. Buttons are <c>Action.Execute</c> (the action's kind as verb, the
/// encoded <see cref="CardAction"/> as data) with an <c>Action.Submit</c> fallback (the same data); a message without actions
/// renders a card without buttons, which is what replaces an approval card after a decision.
/// </summary>
/// <remarks>
/// Text is shown verbatim, line by line: every line of the title and of each section is its own <c>RichTextBlock</c>
/// with one <c>TextRun</c>. A <c>TextRun</c> is never read as markdown (only a <c>TextBlock</c> is), so <c>*</c>,
/// <c>\</c>, <c>_</c>, <c>[</c>, backticks and a leading <c>-</c>, <c>1.</c> or <c>#</c> show as they are, with nothing
/// to escape; and a line of its own is the only line break every Teams client keeps (a single <c>\n</c> in a
/// <c>TextBlock</c> collapses). See <see cref="VerbatimLines"/> for spaces and <c>{{</c>.
/// </remarks>
internal static class AdaptiveCardRenderer
{
    public const string CardContentType = "application/vnd.microsoft.card.adaptive";

    /// <summary>A non-breaking space: HTML hosts collapse a run of ordinary spaces into one.</summary>
    private const char KeptSpace = '\u00A0';

    public static JsonObject Card(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = new JsonArray([.. VerbatimLines(message.Title, TextStyle.Title)]);
        foreach (var section in message.Sections.Where(s => s.Behind is null))
        {
            Add(body, Lines(section));
        }

        // Sections behind an expansion: an Action.ToggleVisibility button in the body, then the hidden container it shows.
        var groups = message.Sections.Where(s => s.Behind is not null).GroupBy(s => s.Behind!, StringComparer.Ordinal).ToList();
        for (var i = 0; i < groups.Count; i++)
        {
            var id = $"details-{i + 1}";
            body.Add(new JsonObject
            {
                ["type"] = "ActionSet",
                ["actions"] = new JsonArray(new JsonObject
                {
                    ["type"] = "Action.ToggleVisibility",
                    ["title"] = groups[i].Key,
                    ["targetElements"] = new JsonArray(id),
                }),
            });
            var items = new JsonArray();
            foreach (var section in groups[i])
            {
                Add(items, Lines(section));
            }

            body.Add(new JsonObject
            {
                ["type"] = "Container",
                ["id"] = id,
                ["isVisible"] = false,
                ["items"] = items,
            });
        }

        var card = new JsonObject
        {
            ["type"] = "AdaptiveCard",
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["version"] = "1.4",
            ["body"] = body,
            ["msteams"] = new JsonObject { ["width"] = "Full" },
        };

        if (message.Actions.Count > 0)
        {
            card["actions"] = new JsonArray([.. message.Actions.Select(Button)]);
        }

        return card;
    }

    private static IEnumerable<JsonObject> Lines(ChatSection section) =>
        VerbatimLines(section.Text, section.Monospace ? TextStyle.Monospace : TextStyle.Plain);

    private static void Add(JsonArray target, IEnumerable<JsonObject> blocks)
    {
        foreach (var block in blocks)
        {
            target.Add(block);
        }
    }

    private enum TextStyle
    {
        Plain,
        Monospace,
        Title,
    }

    /// <summary>
    /// One <c>RichTextBlock</c> per line of <paramref name="text"/>, the lines after the first set tight under it. Spaces
    /// that an HTML host would collapse (a line's indent, a run of two or more that aligns a column) become non-breaking
    /// spaces, the last of an inner run staying an ordinary one so that long lines still wrap; an empty line keeps its
    /// height with one non-breaking space. A line with <c>{{</c> is split into runs between the two braces, so a
    /// host never reads <c>{{DATE(…)}}</c> or <c>{{TIME(…)}}</c> in it as a date to format.
    /// </summary>
    private static IEnumerable<JsonObject> VerbatimLines(string text, TextStyle style)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var inlines = new JsonArray();
            foreach (var run in Runs(KeepSpaces(lines[i])))
            {
                var textRun = new JsonObject { ["type"] = "TextRun", ["text"] = run };
                switch (style)
                {
                    case TextStyle.Monospace:
                        textRun["fontType"] = "Monospace";
                        break;
                    case TextStyle.Title:
                        textRun["weight"] = "Bolder";
                        textRun["size"] = "Medium";
                        break;
                }

                inlines.Add(textRun);
            }

            var block = new JsonObject { ["type"] = "RichTextBlock", ["inlines"] = inlines };
            if (i > 0)
            {
                block["spacing"] = "None";
            }

            yield return block;
        }
    }

    private static string KeepSpaces(string line)
    {
        if (line.Length == 0)
        {
            return KeptSpace.ToString();
        }

        var kept = new StringBuilder(line.Length);
        for (var i = 0; i < line.Length;)
        {
            if (line[i] != ' ')
            {
                kept.Append(line[i++]);
                continue;
            }

            var end = i;
            while (end < line.Length && line[end] == ' ')
            {
                end++;
            }

            var length = end - i;
            var inner = i > 0 && end < line.Length;
            if (inner && length == 1)
            {
                kept.Append(' ');
            }
            else
            {
                kept.Append(KeptSpace, inner ? length - 1 : length);
                if (inner)
                {
                    kept.Append(' ');
                }
            }

            i = end;
        }

        return kept.ToString();
    }

    private static IEnumerable<string> Runs(string line)
    {
        var start = 0;
        for (var at = line.IndexOf("{{", StringComparison.Ordinal); at >= 0; at = line.IndexOf("{{", at + 1, StringComparison.Ordinal))
        {
            yield return line[start..(at + 1)];
            start = at + 1;
        }

        yield return line[start..];
    }

    /// <summary>Teams refuses an activity above about 28 KB; this leaves room for the envelope the connector adds.</summary>
    public const int MaxActivityBytes = 27_000;

    /// <summary>A message activity carrying the card as its only attachment, cut with a visible note to fit <see cref="MaxActivityBytes"/>.</summary>
    public static JsonObject Activity(ChatMessage message) => Fit(message, Unbounded);

    /// <summary>The card alone (an invoke's answer), cut like an activity.</summary>
    public static JsonObject BoundedCard(ChatMessage message) => Fit(message, Card);

    private static JsonObject Fit(ChatMessage message, Func<ChatMessage, JsonObject> render)
    {
        ArgumentNullException.ThrowIfNull(message);
        for (var budget = MaxActivityBytes; ; budget = budget * 2 / 3)
        {
            var rendered = render(message.Within(budget));
            if (budget < 1_000 || Encoding.UTF8.GetByteCount(rendered.ToJsonString()) <= MaxActivityBytes)
            {
                return rendered;
            }
        }
    }

    private static JsonObject Unbounded(ChatMessage message)
    {
        return new JsonObject
        {
            ["type"] = "message",
            ["summary"] = message.Fallback,
            ["attachments"] = new JsonArray
            {
                new JsonObject { ["contentType"] = CardContentType, ["content"] = Card(message) },
            },
        };
    }

    private static JsonObject Button(ChatAction action)
    {
        var data = action.Action.Encode();
        var button = new JsonObject
        {
            ["type"] = "Action.Execute",
            ["title"] = action.Title,
            ["verb"] = action.Action.Kind,
            ["data"] = JsonNode.Parse(data),
            ["fallback"] = new JsonObject
            {
                ["type"] = "Action.Submit",
                ["title"] = action.Title,
                ["data"] = JsonNode.Parse(data),
            },
        };
        if (Style(action.Style) is { } style)
        {
            button["style"] = style;
            ((JsonObject)button["fallback"]!)["style"] = style;
        }

        return button;
    }

    private static string? Style(ChatActionStyle style) => style switch
    {
        ChatActionStyle.Primary => "positive",
        ChatActionStyle.Danger => "destructive",
        _ => null,
    };
}
