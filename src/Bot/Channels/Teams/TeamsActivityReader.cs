using System.Text.Json;
using MailHa.Bot.Chat;

namespace MailHa.Bot.Channels.Teams;

/// <summary>Turns an authenticated activity into what the router understands; no I/O.</summary>
internal static class TeamsActivityReader
{
    /// <summary>The person, by tenant + AAD object id; null when Teams did not say who it is.</summary>
    public static ChatUser? User(TeamsActivity activity, string tenantId) =>
        activity.From?.AadObjectId is { Length: > 0 } objectId
            ? new ChatUser(ChatPlatform.Teams, tenantId, objectId, activity.From.Name)
            : null;

    /// <summary>
    /// The command line without the bot's mention, a leading <c>/</c> and a leading <c>mail</c> word:
    /// <c>&lt;at&gt;MailHa&lt;/at&gt; /mail status</c>, <c>/mail status</c> and <c>mail status</c> all read <c>status</c>.
    /// </summary>
    public static string CommandText(TeamsActivity activity)
    {
        var text = activity.Text ?? "";
        var botId = activity.Recipient?.Id;
        if (activity.Entities is { ValueKind: JsonValueKind.Array } entities && !string.IsNullOrEmpty(botId))
        {
            foreach (var entity in entities.EnumerateArray())
            {
                if (String(entity, "type") == "mention"
                    && entity.TryGetProperty("mentioned", out var mentioned)
                    && String(mentioned, "id") == botId
                    && String(entity, "text") is { Length: > 0 } mentionText)
                {
                    text = text.Replace(mentionText, "", StringComparison.OrdinalIgnoreCase);
                }
            }
        }

        text = text.Trim();
        if (text.StartsWith('/'))
        {
            text = text[1..].TrimStart();
        }

        if (text.Equals("mail", StringComparison.OrdinalIgnoreCase))
        {
            return "";
        }

        if (text.Length > 4 && text.StartsWith("mail", StringComparison.OrdinalIgnoreCase) && char.IsWhiteSpace(text[4]))
        {
            text = text[4..].TrimStart();
        }

        return text;
    }

    /// <summary>
    /// An <c>Action.Submit</c> click: a message with no text whose <c>value</c> is the button's encoded action (or, on a card
    /// posted before actions were values, <c>{action: verb, requestId}</c>).
    /// </summary>
    public static ChatActionEvent? SubmitAction(TeamsActivity activity, ChatUser user, string serviceUrl)
    {
        if (!string.IsNullOrWhiteSpace(activity.Text) || activity.Value is not { ValueKind: JsonValueKind.Object } value)
        {
            return null;
        }

        return Action(activity, user, serviceUrl, CardAction.Decode(value) ?? CardAction.FromLegacy(String(value, "action"), String(value, "requestId")));
    }

    /// <summary>
    /// An <c>Action.Execute</c> click: <c>value.action.data</c> is the button's encoded action (or, on a card posted before
    /// actions were values, <c>value.action.verb</c> with <c>value.action.data.requestId</c>).
    /// </summary>
    public static ChatActionEvent? ExecuteAction(TeamsActivity activity, ChatUser user, string serviceUrl)
    {
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value
            || !value.TryGetProperty("action", out var action) || action.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var data = action.TryGetProperty("data", out var carried) ? carried : default;
        return Action(activity, user, serviceUrl, CardAction.Decode(data) ?? CardAction.FromLegacy(String(action, "verb"), String(data, "requestId")));
    }

    /// <summary>The card a click came from, addressable for updates: <c>replyToId</c> in the activity's conversation.</summary>
    public static PostedMessage? Card(TeamsActivity activity, string serviceUrl) =>
        activity is { ReplyToId: { Length: > 0 } replyToId, Conversation.Id: { Length: > 0 } conversationId }
            ? new PostedMessage(ChatPlatform.Teams, conversationId, replyToId, serviceUrl)
            : null;

    private static ChatActionEvent? Action(TeamsActivity activity, ChatUser user, string serviceUrl, CardAction? clicked) =>
        clicked is null ? null : new ChatActionEvent(user, activity.Id ?? "", clicked, Card(activity, serviceUrl), AnswerReplacesCard: true);

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(property, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
