using System.ComponentModel.DataAnnotations;

namespace MailHa.Operations.Journal;

/// <summary>The embedded database holding mirror history, roles, operations and the audit log. Bound from <c>MailHa:Storage</c>.</summary>
public sealed class JournalOptions
{
    public const string Section = "MailHa:Storage";

    [Required]
    public string DatabasePath { get; set; } = "/var/lib/mailha/mailha.db";
}
