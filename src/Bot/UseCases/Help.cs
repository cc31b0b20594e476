using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail help</c> (and an empty <c>/mail</c>): every command, open to everyone.</summary>
public sealed record HelpRequest : OperatorRequest
{
    public override string Subject => "";
}

public sealed class HelpUseCase : UseCase<HelpRequest>
{
    public override CommandSyntax Syntax { get; } = new(["help"], "/mail help                       this list");

    public override PersonRole? Role => null;

    public override ChatWork Work => ChatWork.AtOnce;

    public override Parsed Parse(IReadOnlyList<string> arguments) => NoArguments(arguments, new HelpRequest());

    public override Task<ChatReply> HandleAsync(HelpRequest request, UseCaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(ChatReply.Answered(new ChatMessage("MailHa commands", [new ChatSection(context.Usage, Monospace: true)], [])));
    }
}
