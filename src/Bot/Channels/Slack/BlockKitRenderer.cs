using System.Text;
using System.Text.Json.Nodes;
using MailHa.Bot.Chat;

namespace MailHa.Bot.Channels.Slack;

/// <summary>
/// Renders a channel-neutral <see cref="ChatMessage"/> as Slack Block Kit: a header, mrkdwn sections (text
/// escaped, monospace in code blocks) and one actions block per request with its buttons (each button's value is its
/// encoded <see cref="CardAction"/>). Slack's limits
/// (header 150, section 3000, 50 blocks) are respected by splitting or truncating.
/// </summary>
public static class BlockKitRenderer
{
    public const int MaxBlocks = 50;
    public const int MaxHeaderLength = 150;
    public const int MaxSectionLength = 3000;
    private const string Fence = "```";

    /// <summary>Escapes the three characters Slack treats as markup in text: <c>&amp;</c>, <c>&lt;</c>, <c>&gt;</c>.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Replace("&", "&amp;", StringComparison.Ordinal)
            .Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal);
    }

    /// <summary>The plain-text fallback Slack shows in notifications (<c>text</c> next to <c>blocks</c>).</summary>
    public static string FallbackText(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Escape(message.Fallback);
    }

    /// <summary>A message as Slack takes it in a response (a <c>response_url</c> or the slash command's HTTP answer).</summary>
    public static JsonObject Payload(ChatMessage message, SlackResponseType audience) => new()
    {
        ["response_type"] = audience == SlackResponseType.InChannel ? "in_channel" : "ephemeral",
        ["text"] = FallbackText(message),
        ["blocks"] = Render(message),
    };

    /// <summary>Slack's limit on a message's text; sections past it are cut with a visible note.</summary>
    public const int MaxTextLength = 40_000;

    public static JsonArray Render(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        message = message.Within(MaxTextLength);
        var actionBlocks = message.Actions
            .GroupBy(a => a.Action.Concerns, StringComparer.Ordinal)
            .Select(g => ActionsBlock(message, g.Key, [.. g]))
            .ToList();

        var blocks = new JsonArray();
        if (!string.IsNullOrWhiteSpace(message.Title))
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "header",
                ["text"] = PlainText(Truncate(message.Title, MaxHeaderLength)),
            });
        }

        // A response cannot be threaded: sections behind an expansion follow the others under their label.
        var room = MaxBlocks - blocks.Count - actionBlocks.Count;
        var ordered = message.Sections.Where(s => s.Behind is null)
            .Concat(message.Sections.Where(s => s.Behind is not null).GroupBy(s => s.Behind!, StringComparer.Ordinal)
                .SelectMany(g => g.Select((s, i) => i == 0 ? s with { Text = $"{g.Key}:\n{s.Text}" } : s)));
        var sections = ordered.SelectMany(SectionTexts).ToList();
        if (sections.Count > room)
        {
            sections = [.. sections.Take(room - 1), "_… (truncated)_"];
        }

        foreach (var text in sections)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "section",
                ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = text, ["verbatim"] = true },
            });
        }

        foreach (var block in actionBlocks)
        {
            blocks.Add(block);
        }

        return blocks;
    }

    private static IEnumerable<string> SectionTexts(ChatSection section)
    {
        if (string.IsNullOrWhiteSpace(section.Text))
        {
            yield break;
        }

        if (!section.Monospace)
        {
            foreach (var chunk in Chunk(Escape(section.Text), MaxSectionLength))
            {
                yield return chunk;
            }

            yield break;
        }

        // A fence inside the text would end the code block early; break it with a zero-width space.
        var code = Escape(section.Text.TrimEnd()).Replace(Fence, "`\u200B`\u200B`", StringComparison.Ordinal);
        foreach (var chunk in Chunk(code, MaxSectionLength - (2 * Fence.Length) - 2))
        {
            yield return $"{Fence}\n{chunk}\n{Fence}";
        }
    }

    /// <summary>Splits at line breaks where possible so a table is not cut mid-row.</summary>
    private static IEnumerable<string> Chunk(string text, int size)
    {
        var current = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            var rest = line;
            while (rest.Length > size)
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }

                // Never cut an escape such as &amp; in two.
                var cut = size;
                var amp = rest.LastIndexOf('&', size - 1, Math.Min(5, size));
                if (amp > 0 && rest.IndexOf(';', amp) >= size)
                {
                    cut = amp;
                }

                yield return rest[..cut];
                rest = rest[cut..];
            }

            if (current.Length > 0 && current.Length + 1 + rest.Length > size)
            {
                yield return current.ToString();
                current.Clear();
            }

            current.Append(current.Length > 0 ? "\n" : "").Append(rest);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    private static JsonObject ActionsBlock(ChatMessage message, string concerns, IReadOnlyList<ChatAction> actions)
    {
        var elements = new JsonArray();
        foreach (var action in actions)
        {
            var button = new JsonObject
            {
                ["type"] = "button",
                ["text"] = PlainText(Truncate(action.Title, 75)),
                ["action_id"] = action.Action.Kind,
                ["value"] = action.Action.Encode(),
            };
            if (StyleName(action.Style) is { } style)
            {
                button["style"] = style;
            }

            if (action.Action is CardAction.Approve approve)
            {
                button["confirm"] = new JsonObject
                {
                    ["title"] = PlainText(Truncate($"{action.Title}?", 100)),
                    ["text"] = PlainText(Truncate($"{message.Title} (request {approve.RequestId})", 300)),
                    ["confirm"] = PlainText(Truncate(action.Title, 30)),
                    ["deny"] = PlainText("Cancel"),
                    ["style"] = "primary",
                };
            }

            elements.Add(button);
        }

        return new JsonObject
        {
            ["type"] = "actions",
            ["block_id"] = Truncate($"mailha:{concerns}", 255),
            ["elements"] = elements,
        };
    }

    private static string? StyleName(ChatActionStyle style) => style switch
    {
        ChatActionStyle.Primary => "primary",
        ChatActionStyle.Danger => "danger",
        _ => null,
    };

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
