using System.Text.Json;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Operations.Audit;

namespace MailHa.Bot.Pipeline;

/// <summary>A use case a second person approves: its preview (what it would do, what the checks find) and its approved run.</summary>
public abstract class ApprovedUseCase<TRequest> : IUseCase, IApprovalKind
    where TRequest : OperatorRequest
{
    public abstract CommandSyntax Syntax { get; }

    public PersonRole? Role => PersonRole.Request;

    // Never handled directly: its request, decisions and run are audited by the pipeline and the approvals.
    AuditEvent? IUseCase.Audit(OperatorRequest request, ChatReply reply, Caller caller) => null;

    public ChatWork Work => ChatWork.Changes;

    public abstract Parsed Parse(IReadOnlyList<string> arguments);

    /// <summary>Its button's request; by default it has no button.</summary>
    public virtual Parsed Accept(CardAction action) => Parsed.NotThis;

    /// <summary>What the request would do and what every check finds now: what a decision rests on.</summary>
    public abstract Task<ApprovalPreview> PreviewAsync(TRequest request, CancellationToken cancellationToken);

    /// <summary>The request's card (<see cref="PreviewPurpose.Card"/>); by default the same as <see cref="PreviewAsync"/>.</summary>
    public virtual Task<ApprovalPreview> CardPreviewAsync(TRequest request, CancellationToken cancellationToken) => PreviewAsync(request, cancellationToken);

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

        public Task<ApprovalPreview> PreviewAsync(PreviewPurpose purpose, CancellationToken cancellationToken) => purpose switch
        {
            PreviewPurpose.Card => useCase.CardPreviewAsync(request, cancellationToken),
            _ => useCase.PreviewAsync(request, cancellationToken),
        };

        public Task<ApprovedOutcome> RunAsync(ApprovedRun run, CancellationToken cancellationToken) => useCase.RunAsync(request, run, cancellationToken);
    }
}
