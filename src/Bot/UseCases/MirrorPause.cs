using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Audit;
using MailHa.Operations.Mirror;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail mirror pause</c>: stop the recurring mirror (a new role generation) until someone sets its direction again.</summary>
public sealed record MirrorPauseRequest : OperatorRequest
{
    public override string Subject => "mirror";
}

public sealed class MirrorPauseUseCase(MirrorControl control) : UseCase<MirrorPauseRequest>
{
    public override CommandSyntax Syntax { get; } = new(["mirror", "pause"], "/mail mirror pause               pause the recurring mirror");

    public override PersonRole? Role => PersonRole.Request;

    public override ChatWork Work => ChatWork.Changes;

    public override Parsed Parse(IReadOnlyList<string> arguments) => NoArguments(arguments, new MirrorPauseRequest());

    public override async Task<ChatReply> HandleAsync(MirrorPauseRequest request, UseCaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var paused = await control.PauseAsync(context.Caller.Name, $"paused by {context.Caller.Name}", cancellationToken);
        return new ChatReply(ChatMessage.Text("Mirror", paused.Describe()), paused.Succeeded ? ReplyOutcome.Done : ReplyOutcome.Refused, paused.Describe(), new ReplyResult.MirrorControlled(paused));
    }

    public override AuditEvent? Audit(MirrorPauseRequest request, ChatReply reply, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(caller);
        return new MirrorControlled(caller.Name, caller.Channel, MirrorCommand.Pause, reply.Outcome == ReplyOutcome.Done, reply.Detail);
    }
}
