namespace MailHa.Bot.Chat;

/// <summary>
/// A person as a platform identifies them: Slack team id + user id, Teams tenant id + AAD object id,
/// the console's local id, or the break-glass command line's operating-system user.
/// Display names are for showing only; authorisation never looks at them.
/// </summary>
public sealed record ChatUser(ChatPlatform Platform, string TenantId, string UserId, string? DisplayName = null)
{
    public override string ToString() => DisplayName is { Length: > 0 } name ? name : $"{Platform}:{TenantId}/{UserId}";
}

/// <summary>Where a person or message lives. The local console and the command line are channels like the others.</summary>
public enum ChatPlatform
{
    Slack,
    Teams,
    Console,

    /// <summary>The break-glass command line (<c>mailha failover</c>…), its own identity.</summary>
    Cli,
}
