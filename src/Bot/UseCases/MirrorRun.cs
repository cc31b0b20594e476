using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Operations.Audit;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail mirror run</c>: one guarded mirror run now (the same guards as the schedule).</summary>
public sealed record MirrorRunRequest(ServiceName? Service = null) : OperatorRequest
{
    public override string Subject => Service is { } service ? $"mirror {service}" : "mirror";
}

public sealed class MirrorRunUseCase(MirrorRunner mirror, MailTopology topology) : UseCase<MirrorRunRequest>
{
    public override CommandSyntax Syntax { get; } = new(["mirror", "run"], "/mail mirror run [SERVICE]       one guarded mirror run now");

    public override PersonRole? Role => PersonRole.Request;

    public override ChatWork Work => ChatWork.Changes;

    public override Parsed Parse(IReadOnlyList<string> arguments) => ServiceArgument.Only(topology, arguments, "mirror run", s => new MirrorRunRequest(s));

    public override async Task<ChatReply> HandleAsync(MirrorRunRequest request, UseCaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var (service, failure) = ServiceArgument.Resolve(topology, request.Service);
        if (service is null)
        {
            return ChatReply.Refused("Mirror run", failure!.Describe(), failure.Describe());
        }

        var run = await mirror.RunAsync(new MirrorRequest(service, Trigger(context.Caller)), cancellationToken);
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
