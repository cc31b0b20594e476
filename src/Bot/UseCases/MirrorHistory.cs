using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Mirror;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail mirror history</c>: the last <see cref="Limit"/> mirror runs (ten in chat; <c>mailha mirror history --limit</c>).</summary>
public sealed record MirrorHistoryRequest(int Limit = MirrorHistoryRequest.InChat) : OperatorRequest
{
    public const int InChat = 10;

    public override string Subject => "mirror";
}

public sealed class MirrorHistoryUseCase(MirrorHistory history) : UseCase<MirrorHistoryRequest>
{
    public override CommandSyntax Syntax { get; } = new(["mirror", "history"], "/mail mirror history             recent mirror runs");

    public override PersonRole? Role => PersonRole.Read;

    public override ChatWork Work => ChatWork.AtOnce;

    public override Parsed Parse(IReadOnlyList<string> arguments) => NoArguments(arguments, new MirrorHistoryRequest());

    public override async Task<ChatReply> HandleAsync(MirrorHistoryRequest request, UseCaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var runs = await history.RecentAsync(request.Limit, cancellationToken);
        var text = runs.Count == 0 ? "No runs yet." : string.Join('\n', runs.Select(r => $"#{r.Id} {ChatTime.Stamp(r.StartedAt)} {r.Describe()}"));
        return new ChatReply(new ChatMessage("Mirror history", [new ChatSection(text, Monospace: true)], []), ReplyOutcome.Answered, Result: new ReplyResult.MirrorHistoryRead(runs));
    }
}
