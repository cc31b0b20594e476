namespace MailHa.Bot.Approvals;

/// <summary>A decision on a pending request.</summary>
public enum ApprovalDecision
{
    Approve,
    Reject,
}
