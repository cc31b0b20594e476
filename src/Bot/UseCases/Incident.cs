using MailHa.Bot.Chat;
using MailHa.Bot.Incidents;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;

namespace MailHa.Bot.UseCases;

/// <summary><c>/mail incident [ID]</c>: an incident's timeline (an operation's id or an outage's name; the latest without one).</summary>
public sealed record IncidentRequest(string? Id) : OperatorRequest
{
    public override string Subject => Id ?? "latest";
}

public sealed class IncidentUseCase(IncidentRecords records) : UseCase<IncidentRequest>
{
    public override CommandSyntax Syntax { get; } = new(["incident"], "/mail incident [ID]               an incident's timeline, from the audit trail (the latest without ID)");

    public override PersonRole? Role => PersonRole.Read;

    public override ChatWork Work => ChatWork.AtOnce;

    public override Parsed Parse(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments switch
        {
            [] => new Request(new IncidentRequest(null)),
            [var id] => new Request(new IncidentRequest(id)),
            _ => Parsed.Error(new WrongArguments("incident", ExpectedArguments.IncidentSubject)),
        };
    }

    public override async Task<ChatReply> HandleAsync(IncidentRequest request, UseCaseContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await records.FindAsync(request.Id, cancellationToken) is { } timeline
            ? new ChatReply(IncidentText.Chat(timeline), ReplyOutcome.Answered)
            : new ChatReply(ChatMessage.Text("No incident", request.Id is null
                ? "No operation has run and no outage was declared yet."
                : $"No operation or outage '{InputBounds.Truncate(request.Id)}' was recorded (an operation's id, e.g. failover-20261126-004800-1a2b, or an outage's name, e.g. outage-mail1-20261126-004500)."), ReplyOutcome.Answered);
    }
}
