namespace MailHa.Bot.People;

/// <summary>
/// One account of a person on one platform: Slack (<c>Tenant</c> = team id T…, <c>User</c> = user id U…),
/// Teams (<c>Tenant</c> = tenant id, <c>User</c> = AAD object id), Console (<c>Tenant</c> = "local", <c>User</c> = demo id).
/// </summary>
public sealed class PlatformIdentity
{
    public string Tenant { get; set; } = "";

    public string User { get; set; } = "";
}
