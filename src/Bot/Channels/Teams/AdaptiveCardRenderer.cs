using System.Text;
using System.Text.Json.Nodes;
using MailHa.Bot.Chat;

namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// <see cref="ChatMessage"/> → Adaptive Card 1.4. Buttons are <c>Action.Execute</c> (the action's kind as verb, the
/// encoded <see cref="CardAction"/> as data) with an <c>Action.Submit</c> fallback (the same data); a message without actions
/// renders a card without buttons, which is what replaces an approval card after a decision.
/// </summary>
internal static class AdaptiveCardRenderer
{
    public const string CardContentType = "application/vnd.microsoft.card.adaptive";

    public static JsonObject Card(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = new JsonArray
        {
            new JsonObject
            {
                ["type"] = "TextBlock",
                ["text"] = message.Title,
                ["weight"] = "Bolder",
                ["size"] = "Medium",
                ["wrap"] = true,
            },
        };

        foreach (var section in message.Sections.Where(s => s.Behind is null))
        {
            body.Add(TextBlock(section));
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
            body.Add(new JsonObject
            {
                ["type"] = "Container",
                ["id"] = id,
                ["isVisible"] = false,
                ["items"] = new JsonArray([.. groups[i].Select(s => (JsonNode)TextBlock(s))]),
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

    private static JsonObject TextBlock(ChatSection section)
    {
        var block = new JsonObject
        {
            ["type"] = "TextBlock",
            ["text"] = section.Text,
            ["wrap"] = true,
        };
        if (section.Monospace)
        {
            block["fontType"] = "Monospace";
        }

        return block;
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
