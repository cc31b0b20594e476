using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail mirror history</c>: the last <see cref="Limit"/> mirror runs (ten in chat; <c>mailha mirror history --limit</c>).</summary>
public sealed record MirrorHistoryRequest(int Limit = MirrorHistoryRequest.InChat, ServiceName? Service = null) : OperatorRequest
{
    public const int InChat = 10;

    public override string Subject => "mirror";
}

public sealed class MirrorHistoryUseCase(MirrorHistory history, MailTopology topology) : UseCase<MirrorHistoryRequest>
{
    public override CommandSyntax Syntax { get; } = new(["mirror", "history"], "/mail mirror history [SERVICE]   recent mirror runs (of every service when none is named)");

    public override PersonRole? Role => PersonRole.Read;

    public override ChatWork Work => ChatWork.AtOnce;

    /// <summary>History reads: with several services and none named, every service's runs.</summary>
    public override Parsed Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.Count == 0 && topology.Services.Count > 1
            ? new Request(new MirrorHistoryRequest())
            : ServiceArgument.Only(topology, arguments, "mirror history", s => new MirrorHistoryRequest(Service: s));
    }

    public override async Task<ChatReply> HandleAsync(MirrorHistoryRequest request, UseCaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var runs = await history.RecentAsync(request.Service, request.Limit, cancellationToken);
        var text = runs.Count == 0 ? "No runs yet." : string.Join('\n', runs.Select(r => $"#{r.Id} {ChatTime.Stamp(r.StartedAt)} {(topology.Services.Count > 1 ? $"{r.Service} " : "")}{r.Describe()}"));
        return new ChatReply(new ChatMessage("Mirror history", [new ChatSection(text, Monospace: true)], []), ReplyOutcome.Answered, Result: new ReplyResult.MirrorHistoryRead(runs));
    }
}
