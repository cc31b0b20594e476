namespace MailHa.Bot.Approvals;

public enum ApprovalState
{
    Pending,
    Approved,
    Rejected,
    Expired,

    /// <summary>What the request showed changed before it ran: approval void.</summary>
    Voided,
    Succeeded,
    Failed,
}
