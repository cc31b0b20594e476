using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.People;
using System.Diagnostics;
using MailHa.Operations.Audit;
using MailHa.Operations.Journal;
using MailHa.Operations.Reporting;
using MailHa.Operations.Status;

namespace MailHa.Bot.Pipeline;

/// <summary>
/// The one way into MailHa for Slack, Teams, the console and the break-glass command line:
/// dedupe → identify → bound the input → parse → authorize → approval when needed → run → audit (once) → answer.
/// Unknown people get only what is open to everyone (help). While the journal cannot be reached, anything that would
/// record something is refused with <see cref="JournalRefusal"/> (one catch, here); reads still answer.
/// </summary>
public sealed class ChatPipeline(
    DeliveryDeduplicator deliveries,
    PersonDirectory people,
    UseCaseCatalog catalog,
    ApprovalService approvals,
    AuditLog audit,
    JournalDatabase journal,
    IEnumerable<IReportObserver<ChatRequestHandled>> observers,
    ILogger<ChatPipeline> logger) : IChatRouter
{
    /// <summary>What the audit trail names a refused line whose command could not be told.</summary>
    private const string UnknownCommand = "command";

    /// <summary>What the audit trail names a refused request for a change that needs a second person.</summary>
    private const string RequestCommand = "request";

    private const int MaxSubject = 120;

    public async Task<ChatMessage?> HandleAsync(ChatEvent chatEvent, IChatConversation conversation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chatEvent);
        var started = Stopwatch.GetTimestamp();
        var caller = new Caller(chatEvent.User, people.Resolve(chatEvent.User));
        ChatReply reply;
        try
        {
            if (!await FirstTimeAsync(chatEvent, cancellationToken))
            {
                PipelineLog.Repeated(logger, chatEvent.User.Platform, chatEvent.DeliveryId);
                return null;
            }

            reply = await HandleAsync(caller, chatEvent, conversation, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && journal.Availability.Unreachable(e) is { } outage)
        {
            reply = Unrecorded(caller, outage);
        }

        await observers.NotifyAsync(new ChatRequestHandled(chatEvent.User.Platform, reply.Outcome), Stopwatch.GetElapsedTime(started), cancellationToken);
        return reply.Message;
    }

    /// <summary>Parses only: anything that will be refused or answered from memory is <see cref="ChatWork.AtOnce"/>.</summary>
    public ChatWork Classify(ChatEvent chatEvent)
    {
        ArgumentNullException.ThrowIfNull(chatEvent);
        if (chatEvent is not ChatCommandEvent command)
        {
            return ChatWork.Changes;
        }

        if (command.Text.Length > InputBounds.MaxCommandLength)
        {
            return ChatWork.AtOnce;
        }

        var tokens = UseCaseCatalog.Tokens(command.Text);
        return catalog.Parse(tokens.Count == 0 ? ["help"] : tokens) is (IUseCase useCase, Request) ? useCase.Work : ChatWork.AtOnce;
    }

    /// <summary>
    /// A typed request from the break-glass command line: authorized, audited and run like chat, except that a request
    /// which needs a second person runs once the asker confirms it by typing what <paramref name="confirm"/> asks for.
    /// </summary>
    public Task<ChatReply> SubmitAsync(Caller caller, IUseCase useCase, OperatorRequest request, IChatConversation conversation, Func<ApprovalPreview, Task<string?>> confirm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(useCase);
        ArgumentNullException.ThrowIfNull(request);
        return SubmitUnlessJournalDownAsync(caller, useCase, request, conversation, confirm, cancellationToken);
    }

    private async Task<ChatReply> SubmitUnlessJournalDownAsync(
        Caller caller, IUseCase useCase, OperatorRequest request, IChatConversation conversation, Func<ApprovalPreview, Task<string?>> confirm, CancellationToken cancellationToken)
    {
        try
        {
            return await RunAsync(caller, useCase, request, new UseCaseContext(caller, conversation, catalog.Usage), confirm, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException && journal.Availability.Unreachable(e) is { } outage)
        {
            return Unrecorded(caller, outage);
        }
    }

    /// <summary>
    /// Claims the delivery. Without the journal a read goes on unclaimed (answering a redelivered read twice harms nothing)
    /// and anything that may change something is refused by the caller's catch.
    /// </summary>
    private async Task<bool> FirstTimeAsync(ChatEvent chatEvent, CancellationToken cancellationToken)
    {
        try
        {
            return await deliveries.FirstTimeAsync(DeliveryDeduplicator.Key(chatEvent), cancellationToken);
        }
        catch (Exception e) when (JournalAvailability.IsUnreachable(e) && Classify(chatEvent) != ChatWork.Changes)
        {
            return true;
        }
    }

    /// <summary>The refusal for a request met by an outage: not audited (the audit is in the journal), logged instead.</summary>
    private ChatReply Unrecorded(Caller caller, JournalUnreachable outage)
    {
        PipelineLog.RefusedJournalUnreachable(logger, caller.Account.Platform, caller.Name, outage.Since);
        return JournalRefusal.Reply(outage);
    }

    private async Task<ChatReply> HandleAsync(Caller caller, ChatEvent chatEvent, IChatConversation conversation, CancellationToken cancellationToken)
    {
        IUseCase? useCase;
        Parsed parsed;
        switch (chatEvent)
        {
            case ChatActionEvent click:
                // A button's action is a value already: the use case that answers it makes its request.
                (useCase, parsed) = catalog.Resolve(click.Action);
                break;
            case ChatCommandEvent { Text: var text } when text.Length > InputBounds.MaxCommandLength:
                // Bound the input before anything parses, echoes or records it.
                var refused = new ChatReply(
                    catalog.Help($"Sorry: that command is {text.Length} characters long; MailHa commands are at most {InputBounds.MaxCommandLength}") with { Audience = ChatAudience.Asker },
                    ReplyOutcome.Refused,
                    $"command of {text.Length} characters");
                await RefusedAsync(caller, UnknownCommand, "(too long)", refused, cancellationToken);
                return refused;
            default:
                var tokens = UseCaseCatalog.Tokens((chatEvent as ChatCommandEvent)?.Text);
                (useCase, parsed) = catalog.Parse(tokens.Count == 0 ? ["help"] : tokens);
                break;
        }

        if (parsed is not Request { Value: var request } || useCase is null)
        {
            var error = parsed is Invalid invalid ? invalid.Reason.Describe() : "unknown command";
            var notUnderstood = new ChatReply(catalog.Help($"Sorry: {error}") with { Audience = ChatAudience.Asker }, ReplyOutcome.Refused, error);

            // Recorded like every refusal, but never what was typed: the trail is permanent, and a mistyped line can
            // hold anything (a password pasted into the wrong window).
            await audit.AppendAsync(
                new Refusal(caller.Name, caller.Channel, useCase?.Syntax.AuditAction ?? UnknownCommand, "(not understood)", useCase is null ? "unknown command" : "arguments not understood"),
                cancellationToken);
            return notUnderstood;
        }

        return await RunAsync(caller, useCase, request, new UseCaseContext(caller, conversation, catalog.Usage, chatEvent as ChatActionEvent), confirm: null, cancellationToken);
    }

    private async Task<ChatReply> RunAsync(
        Caller caller, IUseCase useCase, OperatorRequest request, UseCaseContext context, Func<ApprovalPreview, Task<string?>>? confirm, CancellationToken cancellationToken)
    {
        var action = useCase.Syntax.AuditAction;
        var conversation = context.Conversation;
        if (Unauthorized(caller, useCase) is { } notAllowed)
        {
            await RefusedAsync(caller, action, request.Subject, notAllowed, cancellationToken);
            return notAllowed;
        }

        if (useCase.Approval(request) is not { } approvable)
        {
            var reply = await useCase.HandleAsync(request, context, cancellationToken);
            if (reply.Outcome == ReplyOutcome.Refused)
            {
                await RefusedAsync(caller, action, request.Subject, reply, cancellationToken);
            }
            else if (useCase.Audit(request, reply, caller) is { } handled)
            {
                await audit.AppendAsync(handled, cancellationToken);
            }

            return reply;
        }

        if (confirm is null)
        {
            var requested = await approvals.RequestAsync(caller, approvable, conversation, cancellationToken);
            await RequestedAsync(caller, $"{action} {request.Subject}", requested, RequestOutcome.Pending, cancellationToken);
            return requested;
        }

        return await BreakGlassAsync(caller, action, request, approvable, conversation, confirm, cancellationToken);
    }

    private async Task<ChatReply> BreakGlassAsync(
        Caller caller, string action, OperatorRequest request, IApprovable approvable, IChatConversation conversation, Func<ApprovalPreview, Task<string?>> confirm, CancellationToken cancellationToken)
    {
        // What is confirmed here runs at once: a decision's preview, every check made now.
        var preview = await approvable.PreviewAsync(PreviewPurpose.Decision, cancellationToken);
        var subject = $"{action} {request.Subject}".TrimEnd();

        // Nothing to confirm when the checks already refuse it: say why, as chat would, and ask nothing.
        if (preview.Refusal is { } refusal)
        {
            var refused = ChatReply.Refused($"Not run: {preview.Title}", $"Refused: {refusal}. Nothing was changed.", $"{preview.Title}: {refusal}");
            await RefusedAsync(caller, RequestCommand, subject, refused, cancellationToken);
            return refused;
        }

        if (preview.ConfirmWord is { } word)
        {
            var typed = (await confirm(preview))?.Trim();
            if (!string.Equals(typed, word, StringComparison.OrdinalIgnoreCase))
            {
                var notConfirmed = new ChatReply(ChatMessage.Text("Not confirmed", "Not confirmed: nothing was changed.").ToAskerOnly(), ReplyOutcome.NotConfirmed, $"typed '{InputBounds.Truncate(typed ?? "")}'");
                await RequestedAsync(caller, subject, notConfirmed, RequestOutcome.NotConfirmed, cancellationToken);
                return notConfirmed;
            }
        }

        var id = $"cli-{Guid.NewGuid().ToString("N")[..6]}";
        await RequestedAsync(caller, subject, new ChatReply(ChatMessage.Text(""), ReplyOutcome.Confirmed, $"break-glass from the command line; {preview.Title}; plan {preview.Fingerprint}"), RequestOutcome.Confirmed, cancellationToken);
        await audit.AppendAsync(new ApprovedRunStarted(caller.Name, caller.Channel, approvable.Verb, id), cancellationToken);
        var outcome = await approvable.RunAsync(new ApprovedRun(id, preview.Title, caller.Name, $"{caller.Name} (break-glass)", conversation), cancellationToken);
        var report = await audit.HeadAsync(cancellationToken) is { } head ? outcome.Report with { Sections = [.. outcome.Report.Sections, new ChatSection(head.Describe())] } : outcome.Report;
        return new ChatReply(report, outcome.Succeeded ? ReplyOutcome.Done : ReplyOutcome.Failed, outcome.Summary, outcome.Result);
    }

    private static ChatReply? Unauthorized(Caller caller, IUseCase useCase)
    {
        if (useCase.Role is not { } role || caller.Person?.May(role) == true)
        {
            return null;
        }

        var verb = string.Join(' ', useCase.Syntax.Words);
        return caller.Person is null
            ? ChatReply.Refused("Not allowed", $"{caller.Account.Platform} account {caller.Account.TenantId}/{caller.Account.UserId} is not a MailHa user. Ask an administrator to add this id under MailHa:People. Only 'help' is open to everyone.", "not a MailHa user")
            : ChatReply.Refused("Not allowed", $"{caller.Person.Name} does not hold the {role} role needed for '{verb}'.", $"lacks the {role} role");
    }

    private Task<AuditEntry> RefusedAsync(Caller caller, string command, string subject, ChatReply reply, CancellationToken cancellationToken) =>
        audit.AppendAsync(new Refusal(caller.Name, caller.Channel, command, InputBounds.Truncate(subject, MaxSubject), reply.Detail), cancellationToken);

    private Task<AuditEntry> RequestedAsync(Caller caller, string subject, ChatReply reply, RequestOutcome outcome, CancellationToken cancellationToken) =>
        reply.Outcome == ReplyOutcome.Refused
            ? RefusedAsync(caller, RequestCommand, subject, reply, cancellationToken)
            : audit.AppendAsync(new ApprovalRequested(caller.Name, caller.Channel, InputBounds.Truncate(subject, MaxSubject), outcome, reply.Detail), cancellationToken);
}

/// <summary>One chat request (a command or a click) answered by the pipeline: which channel asked and how it ended. Repeated deliveries are not counted.</summary>
public sealed record ChatRequestHandled(ChatPlatform Channel, ReplyOutcome Outcome);
