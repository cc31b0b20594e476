using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Audit;
using MailHa.Operations.Mirror;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail mirror run</c>: one guarded mirror run now (the same guards as the schedule).</summary>
public sealed record MirrorRunRequest : OperatorRequest
{
    public override string Subject => "mirror";
}

public sealed class MirrorRunUseCase(MirrorRunner mirror) : UseCase<MirrorRunRequest>
{
    public override CommandSyntax Syntax { get; } = new(["mirror", "run"], "/mail mirror run                 one guarded mirror run now");

    public override PersonRole? Role => PersonRole.Request;

    public override ChatWork Work => ChatWork.Changes;

    public override Parsed Parse(IReadOnlyList<string> arguments) => NoArguments(arguments, new MirrorRunRequest());

    public override async Task<ChatReply> HandleAsync(MirrorRunRequest request, UseCaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var run = await mirror.RunAsync(new MirrorRequest(Trigger(context.Caller)), cancellationToken);
        return new ChatReply(ChatMessage.Text($"Mirror run: {run.Verdict}", run.Describe()), run.IsGood ? ReplyOutcome.Done : ReplyOutcome.Failed, run.Message, new ReplyResult.Mirrored(run));
    }

    public override AuditEvent? Audit(MirrorRunRequest request, ChatReply reply, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(caller);
        return new MirrorControlled(caller.Name, caller.Channel, MirrorCommand.Run, reply.Outcome == ReplyOutcome.Done, reply.Detail);
    }

    /// <summary>The mirror history's trigger: <c>chat:alice</c>, <c>cli:root</c>.</summary>
    internal static string Trigger(Caller caller) => caller.Account.Platform == ChatPlatform.Cli ? caller.Name : $"chat:{caller.Name}";
}
