using System.Text.Json;
using System.Text.Json.Serialization;

namespace MailHa.Bot.Chat;

/// <summary>
/// A button on a message, e.g. Approve / Reject for one pending request: its label, its look, and what a click asks for.
/// Kept in the journal with approval cards; one kept before actions were values (<c>verb</c> + <c>requestId</c>) still reads.
/// </summary>
[JsonConverter(typeof(ChatActionJsonConverter))]
public sealed record ChatAction(CardAction Action, string Title, ChatActionStyle Style = ChatActionStyle.Default);

public enum ChatActionStyle
{
    Default,
    Primary,
    Danger,
}

/// <summary>
/// Writes a button as <c>{action, title, style}</c> (the style by name); reads that, or the form kept before actions were
/// values, <c>{verb, title, requestId, style}</c>, so approval cards pending in the journal across an upgrade still read.
/// </summary>
internal sealed class ChatActionJsonConverter : JsonConverter<ChatAction>
{
    public override ChatAction Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var element = document.RootElement;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A button is a JSON object.");
        }

        string? title = null, verb = null, requestId = null;
        var style = ChatActionStyle.Default;
        CardAction? action = null;
        foreach (var property in element.EnumerateObject())
        {
            switch (property.Name.ToLowerInvariant())
            {
                case "action":
                    action = CardAction.Decode(property.Value);
                    break;
                case "title":
                    title = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    break;
                case "style":
                    style = Style(property.Value);
                    break;
                case "verb":
                    verb = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    break;
                case "requestid":
                    requestId = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                    break;
            }
        }

        action ??= CardAction.FromLegacy(verb, requestId);
        return action is not null && title is not null
            ? new ChatAction(action, title, style)
            : throw new JsonException("A button needs a title and an action (or a verb and its request id).");
    }

    public override void Write(Utf8JsonWriter writer, ChatAction value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        writer.WritePropertyName("action");
        writer.WriteRawValue(value.Action.Encode());
        writer.WriteString("title", value.Title);
        writer.WriteString("style", value.Style.ToString());
        writer.WriteEndObject();
    }

    private static ChatActionStyle Style(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String when Enum.TryParse<ChatActionStyle>(element.GetString(), ignoreCase: true, out var named) => named,
        JsonValueKind.Number when element.TryGetInt32(out var number) && Enum.IsDefined((ChatActionStyle)number) => (ChatActionStyle)number,
        _ => ChatActionStyle.Default,
    };
}
