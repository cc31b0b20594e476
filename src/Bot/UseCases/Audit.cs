using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Audit;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail audit</c>: the last <see cref="Limit"/> entries of the hash-chained audit trail (twenty in chat; <c>mailha audit --limit</c>).</summary>
public sealed record AuditRequest(int Limit = AuditUseCase.Entries) : OperatorRequest
{
    public override string Subject => "";
}

public sealed class AuditUseCase(AuditLog audit) : UseCase<AuditRequest>
{
    public const int Entries = 20;

    public override CommandSyntax Syntax { get; } = new(["audit"], "/mail audit                      the last entries of the audit trail");

    public override PersonRole? Role => PersonRole.Read;

    public override ChatWork Work => ChatWork.AtOnce;

    public override Parsed Parse(IReadOnlyList<string> arguments) => NoArguments(arguments, new AuditRequest());

    public override async Task<ChatReply> HandleAsync(AuditRequest request, UseCaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var entries = await audit.RecentAsync(request.Limit, cancellationToken);
        var lines = entries.Reverse().Select(e =>
            $"#{e.Seq} {ChatTime.Stamp(e.At)} {InputBounds.Truncate(e.Actor)} [{e.Platform}] {e.Action} {InputBounds.Truncate(e.Subject, 80)}: {e.Outcome}");
        return new ChatReply(
            new ChatMessage(
                $"Audit trail: last {entries.Count} entries",
                [new ChatSection(entries.Count == 0 ? "Nothing recorded yet." : string.Join('\n', lines), Monospace: true)],
                []),
            ReplyOutcome.Answered,
            Result: new ReplyResult.AuditRead(entries));
    }
}
