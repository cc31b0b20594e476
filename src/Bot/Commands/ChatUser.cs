namespace MailHa.Bot.Commands;

/// <summary>
/// A person as a platform identifies them: Slack team id + user id, Teams tenant id + AAD object id.
/// Display names are for showing only; authorisation never looks at them.
/// </summary>
public sealed record ChatUser(ChatPlatform Platform, string TenantId, string UserId, string? DisplayName = null)
{
    public override string ToString() => DisplayName is { Length: > 0 } name ? name : $"{Platform}:{TenantId}/{UserId}";
}
