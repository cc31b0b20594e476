using System.ComponentModel.DataAnnotations;

namespace MailHa.Bot.Approvals;

/// <summary>Two-person rule settings. Bound from <c>MailHa:Approvals</c>.</summary>
public sealed class ApprovalOptions
{
    public const string Section = "MailHa:Approvals";

    /// <summary>How long a request waits for its approvers before it expires.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan Expiry { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Approvers needed besides the requester (each a different person with the Approve role).</summary>
    [Range(1, 5)]
    public int RequiredApprovers { get; set; } = 1;
}
