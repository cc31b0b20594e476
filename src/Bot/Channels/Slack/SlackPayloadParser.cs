using System.Text.Json;
using MailHa.Bot.Chat;

namespace MailHa.Bot.Channels.Slack;

/// <summary>
/// Turns Slack's slash-command fields and <c>block_actions</c> payloads (the same shapes over HTTP and Socket Mode)
/// into chat events. Returns null for anything that is not a command or a button click, or lacks who/where.
/// </summary>
internal static class SlackPayloadParser
{
    public static SlackWorkItem? ParseCommand(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var userId = fields.GetValueOrDefault("user_id");
        var teamId = fields.GetValueOrDefault("team_id");
        var channelId = fields.GetValueOrDefault("channel_id");
        var triggerId = fields.GetValueOrDefault("trigger_id");
        if (IsBlank(userId) || IsBlank(teamId) || IsBlank(channelId) || IsBlank(triggerId))
        {
            return null;
        }

        var user = new ChatUser(ChatPlatform.Slack, teamId!, userId!, NullIfBlank(fields.GetValueOrDefault("user_name")));
        var text = (fields.GetValueOrDefault("text") ?? "").Trim();
        return new SlackWorkItem(new ChatCommandEvent(user, triggerId!, text), channelId!, ResponseUrl(fields.GetValueOrDefault("response_url")));
    }

    public static SlackWorkItem? ParseInteraction(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object || Text(payload, "type") != "block_actions"
            || !payload.TryGetProperty("actions", out var actions) || actions.ValueKind != JsonValueKind.Array || actions.GetArrayLength() == 0
            || !payload.TryGetProperty("user", out var userElement) || userElement.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var action = actions[0];
        var value = Text(action, "value");

        // A button posted before actions were values carries the verb as its action_id and one argument as its value.
        var clicked = CardAction.Decode(value) ?? CardAction.FromLegacy(Text(action, "action_id"), value);
        var userId = Text(userElement, "id");
        var teamId = Text(payload, "team", "id") ?? Text(userElement, "team_id");
        var channelId = Text(payload, "channel", "id") ?? Text(payload, "container", "channel_id");
        if (clicked is null || IsBlank(userId) || IsBlank(teamId) || IsBlank(channelId))
        {
            return null;
        }

        var user = new ChatUser(ChatPlatform.Slack, teamId!, userId!, NullIfBlank(Text(userElement, "username") ?? Text(userElement, "name")));
        var messageTs = Text(payload, "message", "ts") ?? Text(payload, "container", "message_ts");
        var ephemeral = payload.TryGetProperty("container", out var container) && container.ValueKind == JsonValueKind.Object
            && container.TryGetProperty("is_ephemeral", out var flag) && flag.ValueKind == JsonValueKind.True;

        // Ephemeral messages cannot be changed through chat.update, so they are not offered as an updatable card.
        var card = IsBlank(messageTs) || ephemeral ? null : new PostedMessage(ChatPlatform.Slack, channelId!, messageTs!);
        var deliveryId = $"{userId}:{Text(action, "action_ts") ?? Text(payload, "trigger_id") ?? messageTs}";
        var chatEvent = new ChatActionEvent(user, deliveryId, clicked, card);
        return new SlackWorkItem(chatEvent, channelId!, ResponseUrl(Text(payload, "response_url")));
    }

    /// <summary>Flattens a Socket Mode <c>slash_commands</c> payload (a JSON object of strings) to the form fields HTTP gets.</summary>
    public static Dictionary<string, string> Fields(JsonElement payload)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (payload.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in payload.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.String)
                {
                    fields[property.Name] = property.Value.GetString()!;
                }
            }
        }

        return fields;
    }

    private static string? Text(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element))
            {
                return null;
            }
        }

        return element.ValueKind == JsonValueKind.String ? element.GetString() : null;
    }

    private static Uri? ResponseUrl(string? text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;

    private static bool IsBlank(string? text) => string.IsNullOrWhiteSpace(text);

    private static string? NullIfBlank(string? text) => IsBlank(text) ? null : text;
}
