using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Operations.Audit;

namespace MailHa.Bot.Pipeline;

/// <summary>
/// One operator action: how it is typed, the role it needs, whether a second person must approve it, and
/// its handler. Implement it through <see cref="UseCase{TRequest}"/> or <see cref="ApprovedUseCase{TRequest}"/>
/// and register it with <c>AddUseCase&lt;T&gt;()</c>.
/// </summary>
public interface IUseCase
{
    CommandSyntax Syntax { get; }

    /// <summary>The role the asker needs; null: open to everyone, even people MailHa does not know.</summary>
    PersonRole? Role { get; }

    /// <summary>What the audit trail records of a request it handled that was not refused (refusals always are), or null: nothing.</summary>
    AuditEvent? Audit(OperatorRequest request, ChatReply reply, Caller caller);

    /// <summary>What handling it takes: answered at once, reads the nodes, or changes something.</summary>
    ChatWork Work { get; }

    /// <summary>The request the arguments after <see cref="CommandSyntax.Words"/> make, an error, or not this use case.</summary>
    Parsed Parse(IReadOnlyList<string> arguments);

    /// <summary>The request a button's <paramref name="action"/> makes, an error, or not this use case's button.</summary>
    Parsed Accept(CardAction action);

    /// <summary>A second person must approve it (or, on the command line, the asker confirms by typing).</summary>
    IApprovable? Approval(OperatorRequest request);

    Task<ChatReply> HandleAsync(OperatorRequest request, UseCaseContext context, CancellationToken cancellationToken);
}
