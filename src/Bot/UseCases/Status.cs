using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Status;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail status</c>: who holds the VIP, both nodes, the mirror, replication, the running operation and pending approvals.</summary>
public sealed record StatusRequest : OperatorRequest
{
    public override string Subject => "";
}

public sealed class StatusUseCase(StatusService status, ApprovalService approvals) : UseCase<StatusRequest>
{
    public override CommandSyntax Syntax { get; } = new(["status"], "/mail status                     who holds the VIP, both nodes, mirror, directory, running operation");

    public override PersonRole? Role => PersonRole.Read;

    public override Parsed Parse(IReadOnlyList<string> arguments) => NoArguments(arguments, new StatusRequest());

    public override async Task<ChatReply> HandleAsync(StatusRequest request, UseCaseContext context, CancellationToken cancellationToken)
    {
        var report = await status.GetAsync(cancellationToken);
        var lines = StatusText.Lines(report).ToList();
        var pending = await approvals.PendingAsync(cancellationToken);
        lines.Add(pending.Count == 0
            ? "Pending approvals: none"
            : "Pending approvals: " + string.Join("; ", pending.Select(p => $"{p.Id} {p.Summary} by {p.Requester.Name}, expires {ChatTime.Clock(p.ExpiresAt)}")));
        return ChatReply.Answered(new ChatMessage(StatusText.Headline(report), [new ChatSection(string.Join('\n', lines), Monospace: true)], []));
    }
}
