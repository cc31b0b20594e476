using System.Text.Json;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.People;

namespace MailHa.Bot.Pipeline;

/// <summary>A typed operator request; each use case declares its own record beside its handler.</summary>
public abstract record OperatorRequest
{
    /// <summary>What the audit trail names as the subject: built from checked values only, so it is bounded.</summary>
    public abstract string Subject { get; }
}

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

    /// <summary>Recorded in the audit trail even when it succeeds (refusals always are).</summary>
    bool Audited { get; }

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

/// <summary>
/// How a use case is typed: its words after <c>/mail</c> (<c>mirror run</c>), its usage line, and the audit
/// action it is recorded under (its words joined by dashes unless named).
/// </summary>
public sealed record CommandSyntax(IReadOnlyList<string> Words, string Usage, string? Action = null)
{
    public string AuditAction => Action ?? string.Join('-', Words);
}

/// <summary>What parsing the arguments of one use case came to.</summary>
public abstract record Parsed
{
    public static readonly Parsed NotThis = new NotThisUseCase();

    public static Parsed Error(string message) => new Invalid(message);
}

/// <summary>The typed request.</summary>
public sealed record Request(OperatorRequest Value) : Parsed;

/// <summary>This use case, but the arguments are wrong: <paramref name="Message"/> says why.</summary>
public sealed record Invalid(string Message) : Parsed;

/// <summary>Another use case with the same words should try (e.g. <c>failover --dry-run</c> is the dry run's).</summary>
public sealed record NotThisUseCase : Parsed;

/// <summary>Who asks, where, what can be typed there (for help), and the card they clicked, if any.</summary>
public sealed record UseCaseContext(Caller Caller, IChatConversation Conversation, string Usage, ChatActionEvent? Click = null);

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

/// <summary>A use case a second person approves: its preview (what it would do, what the checks find) and its approved run.</summary>
public abstract class ApprovedUseCase<TRequest> : IUseCase, IApprovalKind
    where TRequest : OperatorRequest
{
    public abstract CommandSyntax Syntax { get; }

    public PersonRole? Role => PersonRole.Request;

    public bool Audited => true;

    public ChatWork Work => ChatWork.Changes;

    public abstract Parsed Parse(IReadOnlyList<string> arguments);

    /// <summary>Its button's request; by default it has no button.</summary>
    public virtual Parsed Accept(CardAction action) => Parsed.NotThis;

    public abstract Task<ApprovalPreview> PreviewAsync(TRequest request, CancellationToken cancellationToken);

    public abstract Task<ApprovedOutcome> RunAsync(TRequest request, ApprovedRun run, CancellationToken cancellationToken);

    IApprovable? IUseCase.Approval(OperatorRequest request) => new Approvable(this, (TRequest)request);

    string IApprovalKind.Verb => Syntax.AuditAction;

    IApprovable? IApprovalKind.Restore(JsonElement request)
    {
        try
        {
            return request.Deserialize<TRequest>(ChatStateJson.Options) is { } typed ? new Approvable(this, typed) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    Task<ChatReply> IUseCase.HandleAsync(OperatorRequest request, UseCaseContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{Syntax.AuditAction} runs only once approved.");

    private sealed class Approvable(ApprovedUseCase<TRequest> useCase, TRequest request) : IApprovable
    {
        public string Verb => useCase.Syntax.AuditAction;

        public JsonElement Request { get; } = JsonSerializer.SerializeToElement(request, ChatStateJson.Options);

        public Task<ApprovalPreview> PreviewAsync(CancellationToken cancellationToken) => useCase.PreviewAsync(request, cancellationToken);

        public Task<ApprovedOutcome> RunAsync(ApprovedRun run, CancellationToken cancellationToken) => useCase.RunAsync(request, run, cancellationToken);
    }
}
