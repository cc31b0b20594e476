using System.Text.Json;

namespace MailHa.Bot.Channels.Teams;

/// <summary>The fields of an inbound Bot Framework activity that MailHa reads; everything else is ignored.</summary>
internal sealed record TeamsActivity(
    string? Type,
    string? Id,
    string? ServiceUrl,
    string? ChannelId,
    TeamsChannelAccount? From,
    TeamsChannelAccount? Recipient,
    TeamsConversationAccount? Conversation,
    JsonElement? ChannelData,
    string? Text,
    JsonElement? Entities,
    JsonElement? Value,
    string? ReplyToId,
    string? Name)
{
    /// <summary>
    /// The tenant from <c>conversation.tenantId</c> or <c>channelData.tenant.id</c>; null when absent or
    /// when the two disagree.
    /// </summary>
    public string? TenantId()
    {
        var fromConversation = Conversation?.TenantId;
        var fromChannelData = ChannelData is { ValueKind: JsonValueKind.Object } data
            && data.TryGetProperty("tenant", out var tenant) && tenant.ValueKind == JsonValueKind.Object
            && tenant.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                ? id.GetString()
                : null;

        if (string.IsNullOrEmpty(fromConversation))
        {
            return string.IsNullOrEmpty(fromChannelData) ? null : fromChannelData;
        }

        return string.IsNullOrEmpty(fromChannelData) || string.Equals(fromConversation, fromChannelData, StringComparison.OrdinalIgnoreCase)
            ? fromConversation
            : null;
    }
}
