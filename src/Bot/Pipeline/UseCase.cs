using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Operations.Audit;

namespace MailHa.Bot.Pipeline;

/// <summary>A use case answered at once (reads, mirror run/pause, decisions).</summary>
public abstract class UseCase<TRequest> : IUseCase
    where TRequest : OperatorRequest
{
    public abstract CommandSyntax Syntax { get; }

    public abstract PersonRole? Role { get; }

    /// <summary>Read-only use cases record nothing; one that changes something names its event.</summary>
    public virtual AuditEvent? Audit(TRequest request, ChatReply reply, Caller caller) => null;

    public abstract ChatWork Work { get; }

    public abstract Parsed Parse(IReadOnlyList<string> arguments);

    /// <summary>Its button's request; by default it has no button.</summary>
    public virtual Parsed Accept(CardAction action) => Parsed.NotThis;

    public abstract Task<ChatReply> HandleAsync(TRequest request, UseCaseContext context, CancellationToken cancellationToken);

    IApprovable? IUseCase.Approval(OperatorRequest request) => null;

    AuditEvent? IUseCase.Audit(OperatorRequest request, ChatReply reply, Caller caller) => Audit((TRequest)request, reply, caller);

    Task<ChatReply> IUseCase.HandleAsync(OperatorRequest request, UseCaseContext context, CancellationToken cancellationToken) =>
        HandleAsync((TRequest)request, context, cancellationToken);

    /// <summary>No arguments allowed: the request, or an error naming the verb.</summary>
    protected Parsed NoArguments(IReadOnlyList<string> arguments, TRequest request)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.Count == 0 ? new Request(request) : Parsed.Error(new WrongArguments(string.Join(' ', Syntax.Words), ExpectedArguments.None));
    }
}
