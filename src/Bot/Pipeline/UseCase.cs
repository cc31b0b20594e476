using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.People;

namespace MailHa.Bot.Pipeline;

/// <summary>A use case answered at once (reads, mirror run/pause, decisions).</summary>
public abstract class UseCase<TRequest> : IUseCase
    where TRequest : OperatorRequest
{
    public abstract CommandSyntax Syntax { get; }

    public abstract PersonRole? Role { get; }

    public virtual bool Audited => false;

    public abstract ChatWork Work { get; }

    public abstract Parsed Parse(IReadOnlyList<string> arguments);

    /// <summary>Its button's request; by default it has no button.</summary>
    public virtual Parsed Accept(CardAction action) => Parsed.NotThis;

    public abstract Task<ChatReply> HandleAsync(TRequest request, UseCaseContext context, CancellationToken cancellationToken);

    IApprovable? IUseCase.Approval(OperatorRequest request) => null;

    Task<ChatReply> IUseCase.HandleAsync(OperatorRequest request, UseCaseContext context, CancellationToken cancellationToken) =>
        HandleAsync((TRequest)request, context, cancellationToken);

    /// <summary>No arguments allowed: the request, or an error naming the verb.</summary>
    protected Parsed NoArguments(IReadOnlyList<string> arguments, TRequest request)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.Count == 0 ? new Request(request) : Parsed.Error($"{string.Join(' ', Syntax.Words)} takes no arguments");
    }
}
