namespace MailHa.Bot.Pipeline;

/// <summary>
/// How a use case is typed: its words after <c>/mail</c> (<c>mirror run</c>), its usage line, and the audit
/// action it is recorded under (its words joined by dashes unless named).
/// </summary>
public sealed record CommandSyntax(IReadOnlyList<string> Words, string Usage, string? Action = null)
{
    public string AuditAction => Action ?? string.Join('-', Words);
}
