using System.Text.Json.Nodes;
using MailHa.Bot.Chat;

namespace MailHa.Bot.Channels.Teams;

/// <summary>Bodies for answering an <c>adaptiveCard/action</c> invoke in the HTTP response (always HTTP 200).</summary>
internal static class TeamsInvokeResponse
{
    /// <summary>Replaces the clicked card with <paramref name="message"/>.</summary>
    public static JsonObject Card(ChatMessage message) => new()
    {
        ["statusCode"] = 200,
        ["type"] = AdaptiveCardRenderer.CardContentType,
        ["value"] = AdaptiveCardRenderer.BoundedCard(message),
    };

    /// <summary>Shows a short notice to the person who clicked; the card stays as it is.</summary>
    public static JsonObject Message(string text) => new()
    {
        ["statusCode"] = 200,
        ["type"] = "application/vnd.microsoft.activity.message",
        ["value"] = text,
    };

    public static JsonObject Error(int statusCode, string code, string message) => new()
    {
        ["statusCode"] = statusCode,
        ["type"] = "application/vnd.microsoft.error",
        ["value"] = new JsonObject { ["code"] = code, ["message"] = message },
    };
}
