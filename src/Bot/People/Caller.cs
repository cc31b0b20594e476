using MailHa.Bot.Chat;
using MailHa.Operations.Audit;

namespace MailHa.Bot.People;

/// <summary>Who is asking: the platform account, and the configured person behind it (null for anyone unknown).</summary>
public sealed record Caller(ChatUser Account, Person? Person)
{
    /// <summary>The person's name, or the account for someone unknown (audit, messages).</summary>
    public string Name => Person?.Name ?? $"unknown {Account.Platform}:{Account.TenantId}/{Account.UserId}";

    /// <summary>Where the audit trail records the request came from.</summary>
    public AuditChannel Channel => Account.Platform switch
    {
        ChatPlatform.Slack => AuditChannel.Slack,
        ChatPlatform.Teams => AuditChannel.Teams,
        ChatPlatform.Console => AuditChannel.Console,
        _ => AuditChannel.Cli,
    };

    /// <summary>The break-glass command line: the operating-system user, holding every role.</summary>
    public static Caller CommandLine(string userName) =>
        new(new ChatUser(ChatPlatform.Cli, "local", userName, userName), new Person($"cli:{userName}", new HashSet<PersonRole>(Enum.GetValues<PersonRole>())));
}
