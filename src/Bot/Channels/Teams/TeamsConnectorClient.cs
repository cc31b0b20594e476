using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using MailHa.Bot.Chat;

namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// The Bot Connector REST API (v3). Calls go only to serviceUrls seen in authenticated activities or configured
/// for alerts; anything else is refused before a token is fetched or a byte is sent.
/// </summary>
internal sealed class TeamsConnectorClient(
    IHttpClientFactory httpClients,
    TeamsTokenProvider tokens,
    TeamsServiceUrlRegistry serviceUrls,
    ILogger<TeamsConnectorClient> logger)
{
    /// <summary>Sends to a conversation: <c>POST v3/conversations/{id}/activities</c>; returns the new activity id.</summary>
    public async Task<string> SendAsync(string serviceUrl, string conversationId, JsonObject activity, CancellationToken cancellationToken)
    {
        var response = await CallAsync(HttpMethod.Post, serviceUrl, Activities(conversationId), activity, cancellationToken);
        return Id(response, "id");
    }

    /// <summary>Replies to an activity: <c>POST v3/conversations/{id}/activities/{activityId}</c>; returns the new activity id.</summary>
    public async Task<string> ReplyAsync(string serviceUrl, string conversationId, string activityId, JsonObject activity, CancellationToken cancellationToken)
    {
        activity["replyToId"] = activityId;
        var response = await CallAsync(HttpMethod.Post, serviceUrl, Activity(conversationId, activityId), activity, cancellationToken);
        return Id(response, "id");
    }

    /// <summary>Replies to a posted message: <c>POST v3/conversations/{id}/activities/{activityId}</c>, in its conversation.</summary>
    public async Task<PostedMessage> ReplyAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Platform != ChatPlatform.Teams || message.ServiceUrl is not { } serviceUrl)
        {
            throw new ArgumentException($"Cannot reply to a {message.Platform} message through Teams.", nameof(message));
        }

        var id = await ReplyAsync(serviceUrl, message.ConversationId, message.MessageId, AdaptiveCardRenderer.Activity(content), cancellationToken);
        return new PostedMessage(ChatPlatform.Teams, message.ConversationId, id, serviceUrl);
    }

    /// <summary>Replaces a posted message: <c>PUT v3/conversations/{id}/activities/{activityId}</c>.</summary>
    public async Task UpdateAsync(PostedMessage message, ChatMessage content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Platform != ChatPlatform.Teams || message.ServiceUrl is not { } serviceUrl)
        {
            throw new ArgumentException("Not a Teams message with a serviceUrl.", nameof(message));
        }

        var activity = AdaptiveCardRenderer.Activity(content);
        activity["id"] = message.MessageId;
        await CallAsync(HttpMethod.Put, serviceUrl, Activity(message.ConversationId, message.MessageId), activity, cancellationToken);
    }

    /// <summary>Starts a thread in a team channel: <c>POST v3/conversations</c> (proactive post).</summary>
    public async Task<TeamsConversationResource> CreateChannelThreadAsync(
        string serviceUrl, string channelId, string tenantId, JsonObject activity, CancellationToken cancellationToken)
    {
        var parameters = new JsonObject
        {
            ["isGroup"] = true,
            ["activity"] = activity,
            ["channelData"] = new JsonObject { ["channel"] = new JsonObject { ["id"] = channelId } },
            ["tenantId"] = tenantId,
        };
        var response = await CallAsync(HttpMethod.Post, serviceUrl, "v3/conversations", parameters, cancellationToken);
        var conversationId = Id(response, "id");
        var activityId = response?["activityId"]?.GetValue<string>() is { Length: > 0 } id ? id : MessageIdOf(conversationId);
        return new TeamsConversationResource(conversationId, activityId);
    }

    private static string Activities(string conversationId) =>
        $"v3/conversations/{Uri.EscapeDataString(conversationId)}/activities";

    private static string Activity(string conversationId, string activityId) =>
        $"{Activities(conversationId)}/{Uri.EscapeDataString(activityId)}";

    private static string Id(JsonObject? response, string property) =>
        response?[property]?.GetValue<string>() is { Length: > 0 } id
            ? id
            : throw new InvalidOperationException($"The Bot Connector answered without '{property}'.");

    // A channel thread's id ends in ";messageid=<root activity id>".
    private static string MessageIdOf(string conversationId)
    {
        const string marker = ";messageid=";
        var at = conversationId.IndexOf(marker, StringComparison.Ordinal);
        return at >= 0 ? conversationId[(at + marker.Length)..] : throw new InvalidOperationException("The Bot Connector answered without 'activityId'.");
    }

    private async Task<JsonObject?> CallAsync(HttpMethod method, string serviceUrl, string path, JsonObject body, CancellationToken cancellationToken)
    {
        if (!await serviceUrls.IsAllowedAsync(serviceUrl, cancellationToken))
        {
            TeamsLog.ServiceUrlRefused(logger, serviceUrl);
            throw new InvalidOperationException(
                $"Refusing to call the Bot Connector at '{serviceUrl}': not seen in an authenticated activity nor configured in {TeamsOptions.Section}:AlertChannels.");
        }

        var uri = new Uri(new Uri(TeamsServiceUrlRegistry.Normalize(serviceUrl)), path);
        var token = await tokens.GetTokenAsync(cancellationToken);
        using var request = new HttpRequestMessage(method, uri) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await httpClients.CreateClient(TeamsExtensions.ConnectorHttpClient).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"Bot Connector {method} {path} answered {(int)response.StatusCode}.", null, response.StatusCode);
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
