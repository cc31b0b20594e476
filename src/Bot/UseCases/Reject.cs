using MailHa.Bot.Approvals;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail reject r-1a2b3c</c> or the card's Reject button: the requester or any approver stops a request.</summary>
public sealed class RejectUseCase(ApprovalService approvals) : DecisionUseCase(approvals, ApprovalDecision.Reject)
{
    public override CommandSyntax Syntax { get; } = new(["reject"], "/mail approve|reject <request>   decide a pending request (or use its buttons)");

    // The approval service allows the requester or an approver; it refuses everyone else itself.
    public override PersonRole? Role => null;
}
