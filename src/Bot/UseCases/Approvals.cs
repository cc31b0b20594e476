using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Audit;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail approvals</c>: pending requests with their buttons, and recent decisions.</summary>
public sealed record ApprovalsRequest : OperatorRequest
{
    public override string Subject => "";
}

public sealed class ApprovalsUseCase(ApprovalService approvals, AuditLog audit) : UseCase<ApprovalsRequest>
{
    /// <summary>At most this many pending requests are listed (each with two buttons).</summary>
    public const int MaxListed = 10;

    public override CommandSyntax Syntax { get; } = new(["approvals"], "/mail approvals                  pending requests and recent decisions");

    public override PersonRole? Role => PersonRole.Read;

    public override ChatWork Work => ChatWork.AtOnce;

    public override Parsed Parse(IReadOnlyList<string> arguments) => NoArguments(arguments, new ApprovalsRequest());

    public override async Task<ChatReply> HandleAsync(ApprovalsRequest request, UseCaseContext context, CancellationToken cancellationToken)
    {
        var pending = await approvals.PendingAsync(cancellationToken);
        var recent = await audit.RecentAsync(15, cancellationToken);
        var decided = recent.Where(e => e.Event is ApprovalRequested or ApprovalDecided or ApprovalExpired or ApprovalVoided)
            .Select(e => $"{ChatTime.Stamp(e.At)} {InputBounds.Truncate(e.Actor)} {e.Action} {InputBounds.Truncate(e.Subject, 80)}: {e.Outcome}");
        var listed = pending.Take(MaxListed).ToList();
        var more = pending.Count > listed.Count ? [new ChatSection($"… and {pending.Count - listed.Count} more.")] : Array.Empty<ChatSection>();
        return ChatReply.Answered(new ChatMessage(
            pending.Count == 0 ? "No pending approvals" : $"{pending.Count} pending approval(s)",
            [
                .. listed.Select(p => new ChatSection($"{p.Id}: {p.Summary}, requested by {p.Requester.Name} at {ChatTime.Clock(p.CreatedAt)}, expires {ChatTime.Clock(p.ExpiresAt)}")),
                .. more,
                new ChatSection("Recent decisions:\n" + string.Join('\n', decided), Monospace: true),
            ],
            [.. listed.SelectMany(p => new[] { new ChatAction(new CardAction.Approve(p.Id), $"Approve {p.Id}", ChatActionStyle.Primary), new ChatAction(new CardAction.Reject(p.Id), $"Reject {p.Id}", ChatActionStyle.Danger) })]));
    }
}
