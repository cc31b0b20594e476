using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail approve r-1a2b3c</c> or the card's Approve button: approve someone else's request.</summary>
public sealed record DecisionRequest(ApprovalDecision Decision, string RequestId) : OperatorRequest
{
    public override string Subject => RequestId;
}

public sealed class ApproveUseCase(ApprovalService approvals) : DecisionUseCase(approvals, ApprovalDecision.Approve)
{
    public override CommandSyntax Syntax { get; } = new(["approve"], "/mail approve|reject <request>   decide a pending request (or use its buttons)");

    // Who may decide is the two-person rule's to say (an approver, not the requester, once), not a bare role
    // check: the approval service refuses everyone else, and a refused click keeps its card and buttons.
    public override PersonRole? Role => null;
}

/// <summary>
/// What approving and rejecting share: a request id of the right shape, the decision, and on a platform that shows a
/// click's answer in place of the card (Teams), a refused click keeps the card and its buttons with the reason on top.
/// A decision that counted is audited by the <see cref="ApprovalService"/> itself, before an approved run starts (the
/// pipeline audits the refused ones).
/// </summary>
public abstract class DecisionUseCase(ApprovalService approvals, ApprovalDecision decision) : UseCase<DecisionRequest>
{
    public override ChatWork Work => ChatWork.Changes;

    public override Parsed Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var verb = decision.ToString().ToLowerInvariant();
        return arguments switch
        {
            [var id] => Decide(id),
            _ => Parsed.Error(new WrongArguments(verb, ExpectedArguments.RequestId)),
        };
    }

    /// <summary>The card's Approve or Reject button.</summary>
    public override Parsed Accept(CardAction action) => (decision, action) switch
    {
        (ApprovalDecision.Approve, CardAction.Approve approve) => Decide(approve.RequestId),
        (ApprovalDecision.Reject, CardAction.Reject reject) => Decide(reject.RequestId),
        _ => Parsed.NotThis,
    };

    private Parsed Decide(string id) => ApprovalService.IsRequestId(id)
        ? new Request(new DecisionRequest(decision, id))
        : Parsed.Error(new NotARequestId(InputBounds.Truncate(id)));

    public override async Task<ChatReply> HandleAsync(DecisionRequest request, UseCaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var reply = await approvals.DecideAsync(context.Caller, request.Decision, request.RequestId, cancellationToken);
        if (reply.Outcome == ReplyOutcome.Refused && context.Click is { AnswerReplacesCard: true }
            && await approvals.FindAsync(request.RequestId, cancellationToken) is { State: ApprovalState.Pending } pending)
        {
            return reply with
            {
                Message = pending.Card with { Sections = [new ChatSection($"⚠ {context.Caller.Name}: {reply.Message.Sections[0].Text}"), .. pending.Card.Sections] },
            };
        }

        return reply with { Message = reply.Message with { Audience = ChatAudience.Asker } };
    }
}
