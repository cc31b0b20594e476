using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Audit;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail mirror pause</c>: stop the recurring mirror (a new role generation) until someone sets its direction again.</summary>
public sealed record MirrorPauseRequest(ServiceName? Service = null) : OperatorRequest
{
    public override string Subject => Service is { } service ? $"mirror {service}" : "mirror";
}

public sealed class MirrorPauseUseCase(MirrorControl control, MailTopology topology) : UseCase<MirrorPauseRequest>
{
    public override CommandSyntax Syntax { get; } = new(["mirror", "pause"], "/mail mirror pause [SERVICE]     pause the recurring mirror");

    public override PersonRole? Role => PersonRole.Request;

    public override ChatWork Work => ChatWork.Changes;

    public override Parsed Parse(IReadOnlyList<string> arguments) => ServiceArgument.Only(topology, arguments, "mirror pause", s => new MirrorPauseRequest(s));

    public override async Task<ChatReply> HandleAsync(MirrorPauseRequest request, UseCaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var (service, failure) = ServiceArgument.Resolve(topology, request.Service);
        if (service is null)
        {
            return ChatReply.Refused("Mirror", failure!.Describe(), failure.Describe());
        }

        var paused = await control.PauseAsync(service, context.Caller.Name, $"paused by {context.Caller.Name}", cancellationToken);
        return new ChatReply(ChatMessage.Text("Mirror", paused.Describe()), paused.Succeeded ? ReplyOutcome.Done : ReplyOutcome.Refused, paused.Describe(), new ReplyResult.MirrorControlled(paused));
    }

    public override AuditEvent? Audit(MirrorPauseRequest request, ChatReply reply, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(caller);
        return new MirrorControlled(caller.Name, caller.Channel, MirrorCommand.Pause, reply.Outcome == ReplyOutcome.Done, reply.Detail);
    }
}
