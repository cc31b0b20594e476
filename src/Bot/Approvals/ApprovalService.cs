using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Operations.Audit;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Approvals;

/// <summary>
/// The two-person rule. A request shows exactly what will run; only a different approver can approve;
/// expired, repeated and self approvals are refused and change nothing; what runs is what was approved
/// (the decision checks the fingerprint afresh, and the run starts on that check). Approvals from any platform,
/// and on any instance, count for the same request: every decision is written as a compare-and-set on the
/// kept request, so of two decisions at once exactly one counts and the other is told. The pipeline audits
/// requests and refusals; this audits each decision that counted, the moment it is kept, and hands an approved
/// request to the <see cref="ApprovalRunner"/> only once that entry is in the audit, so the run's "started" entry
/// always follows the approval that allowed it. It also records what happens without anyone asking (expiry).
/// </summary>
public sealed class ApprovalService(
    ApprovalStore store,
    ApprovalRunner runner,
    AlertConversations alertConversations,
    ConversationThreads threads,
    AuditLog audit,
    IOptions<ApprovalOptions> options,
    TimeProvider time,
    ILogger<ApprovalService> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task<IReadOnlyList<PendingApproval>> PendingAsync(CancellationToken cancellationToken) => store.PendingAsync(cancellationToken);

    public Task<PendingApproval?> FindAsync(string requestId, CancellationToken cancellationToken) => store.FindAsync(requestId, cancellationToken);

    /// <summary>The shape of a request id: <c>r-</c> and six lowercase hex digits.</summary>
    public static bool IsRequestId(string text) =>
        text is { Length: 8 } && text.StartsWith("r-", StringComparison.Ordinal) && text[2..].All(char.IsAsciiHexDigitLower);

    public async Task<ChatReply> RequestAsync(Caller requester, IApprovable approvable, IChatConversation origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        ArgumentNullException.ThrowIfNull(approvable);
        var preview = await approvable.PreviewAsync(PreviewPurpose.Card, cancellationToken);
        if (preview.Refusal?.Describe() is { } refusal)
        {
            return ChatReply.Refused($"Not requested: {preview.Title}", $"Refused: {refusal}. Nothing was changed.", $"{preview.Title}: {refusal}");
        }

        var now = time.GetUtcNow();
        var id = $"r-{Guid.NewGuid().ToString("N")[..6]}";
        var expires = now + options.Value.Expiry;
        var card = new ChatMessage(
            $"Approval needed: {preview.Title}",
            [
                new($"Requested by {requester.Name} ({requester.Account.Platform}). Request {id}, expires {ChatTime.Clock(expires)}. Needs {options.Value.RequiredApprovers} approver(s) other than {requester.Name}."),
                .. preview.Sections,
            ],
            [
                new(new CardAction.Approve(id), "Approve", ChatActionStyle.Primary),
                new(new CardAction.Reject(id), "Reject", ChatActionStyle.Danger),
            ]);
        var pending = new PendingApproval
        {
            Id = id,
            Approvable = approvable,
            Requester = requester,
            Fingerprint = preview.Fingerprint,
            Summary = preview.Title,
            Card = card,
            Origin = origin,
            CreatedAt = now,
            ExpiresAt = expires,
        };
        await store.AddAsync(pending, cancellationToken);

        // The card goes where it was asked for and to every approval channel, on every platform.
        foreach (var conversation in new[] { origin }.Concat(alertConversations.All()).DistinctBy(c => c.Key, StringComparer.Ordinal))
        {
            try
            {
                var posted = await conversation.PostAsync(card, cancellationToken);
                pending.Cards.Add(new ApprovalCard(conversation, posted));
            }
#pragma warning disable CA1031 // One unreachable channel must not stop the request from reaching the others.
            catch (Exception e) when (e is not OperationCanceledException && conversation != origin)
#pragma warning restore CA1031
            {
                ApprovalLog.CardFailed(logger, id, conversation.Key, e);
            }
        }

        await KeepCardsAsync(pending, cancellationToken);
        await threads.SaveAsync(new RequestThread(id), pending.Cards.Select(c => new ThreadRoot(c.Conversation, c.Message)), cancellationToken);
        var cards = string.Join(",", pending.Cards.Select(c => $"{c.Message.Platform}:{c.Message.ConversationId}/{c.Message.MessageId}"));
        return new ChatReply(
            ChatMessage.Text($"Request {id} created", $"{preview.Title}: waiting for approval by another approver (expires {ChatTime.Clock(expires)})."),
            ReplyOutcome.Pending,
            $"{id} {preview.Title}; fingerprint {preview.Fingerprint}; cards {cards}");
    }

    public async Task<ChatReply> DecideAsync(Caller caller, ApprovalDecision decision, string requestId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (await store.FindAsync(requestId, cancellationToken) is not { } pending)
        {
            return ChatReply.Refused("Refused", $"There is no request {requestId}.", "no such request");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Refusal(caller.Person, decision, pending) is { } refusal)
            {
                return ChatReply.Refused("Refused", $"{refusal} Nothing was changed.", refusal);
            }

            if (time.GetUtcNow() > pending.ExpiresAt)
            {
                await ExpireAsync(pending, cancellationToken);
                return ChatReply.Refused("Refused", $"Request {pending.Id} expired at {ChatTime.Clock(pending.ExpiresAt)}. Nothing was changed; request it again.", "expired");
            }

            if (decision == ApprovalDecision.Reject)
            {
                if (await KeepAsync(pending, caller, decision, p => (p.State, p.Outcome) = (ApprovalState.Rejected, $"rejected by {caller.Name}"), cancellationToken) is not { } rejected)
                {
                    return DecidedMeanwhile(pending);
                }

                pending = rejected;
                await AuditAsync(caller, pending, ApprovalVerdict.Reject, DecisionOutcome.Rejected, pending.Summary, cancellationToken);
                await ReplaceCardsAsync(pending, $"Rejected by {caller.Name}. Nothing was changed.", cancellationToken);
                return new ChatReply(ChatMessage.Text($"Rejected {pending.Id}", $"{pending.Summary}: rejected. Nothing was changed."), ReplyOutcome.Rejected, pending.Summary);
            }

            // What was shown must still be true: checked afresh, every node asked now (the run starts on this check).
            var preview = await pending.Approvable.PreviewAsync(PreviewPurpose.Decision, cancellationToken);
            if (preview.Fingerprint != pending.Fingerprint || preview.Refusal is not null)
            {
                if (await KeepAsync(pending, caller, decision, p => Void(p, preview), cancellationToken) is not { } voided)
                {
                    return DecidedMeanwhile(pending);
                }

                pending = voided;
                await ReplaceCardsAsync(pending, pending.Outcome!, cancellationToken);
                await AuditAsync(caller, pending, ApprovalVerdict.Approve, DecisionOutcome.Voided, pending.Outcome, cancellationToken);
                return new ChatReply(
                    ChatMessage.Text("Approval void", $"{pending.Outcome} Nothing was changed; request it again to see the current plan."),
                    ReplyOutcome.Voided,
                    pending.Outcome);
            }

            var required = options.Value.RequiredApprovers;
            var kept = await KeepAsync(
                pending,
                caller,
                decision,
                p =>
                {
                    p.Approvals.Add(caller);
                    p.State = p.Approvals.Count < required ? ApprovalState.Pending : ApprovalState.Approved;
                },
                cancellationToken);
            if (kept is null)
            {
                return DecidedMeanwhile(pending);
            }

            pending = kept;
            var detail = $"{pending.Summary}; fingerprint {pending.Fingerprint}";
            if (pending.State == ApprovalState.Pending)
            {
                await AuditAsync(caller, pending, ApprovalVerdict.Approve, DecisionOutcome.Approved, detail, cancellationToken);
                return new ChatReply(
                    ChatMessage.Text($"Approved {pending.Id} ({pending.Approvals.Count}/{options.Value.RequiredApprovers})", "Waiting for more approvers."),
                    ReplyOutcome.Approved,
                    detail);
            }

            // The approval is in the audit before the run exists: its "started" entry can only come after. The run starts
            // on the check just made (it does not plan again); the cards, made before it can change the request's state,
            // are replaced while it runs.
            await AuditAsync(caller, pending, ApprovalVerdict.Approve, DecisionOutcome.Approved, detail, cancellationToken);
            var approved = Replacement(pending, $"Approved by {pending.ApproverNames}: running now.");
            runner.Start(pending);
            await UpdateCardsAsync(pending, approved, cancellationToken);
            return new ChatReply(
                ChatMessage.Text($"Approved {pending.Id}", $"{pending.Summary}: running now; progress follows in the requesting channel."),
                ReplyOutcome.Approved,
                detail);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>Expires every pending request past its time and says so in the channels.</summary>
    public async Task ExpireDueAsync(CancellationToken cancellationToken)
    {
        foreach (var pending in (await store.PendingAsync(cancellationToken)).Where(p => time.GetUtcNow() > p.ExpiresAt))
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                // Every instance looks; the one whose write lands says so, once.
                if (pending.State == ApprovalState.Pending && await ExpireAsync(pending, cancellationToken))
                {
                    try
                    {
                        await pending.Origin.PostAsync(ChatMessage.Text($"Request {pending.Id} expired", $"{pending.Summary}: nobody decided by {ChatTime.Clock(pending.ExpiresAt)}. Nothing was changed."), cancellationToken);
                    }
#pragma warning disable CA1031 // The expiry stands and the cards say so; a requesting conversation that cannot be reached is logged.
                    catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
                    {
                        ApprovalLog.CardFailed(logger, pending.Id, pending.Origin.Key, e);
                    }
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    private static string? Refusal(Person? person, ApprovalDecision decision, PendingApproval pending)
    {
        if (pending.State != ApprovalState.Pending)
        {
            return $"Request {pending.Id} is already {pending.State.ToString().ToLowerInvariant()} ({pending.Outcome}).";
        }

        if (person is null)
        {
            return "You are not a configured MailHa user.";
        }

        if (decision == ApprovalDecision.Reject)
        {
            return person.May(PersonRole.Approve) || person.Name == pending.Requester.Name
                ? null
                : "Only an approver or the requester can reject a request.";
        }

        if (person.Name == pending.Requester.Name)
        {
            return $"You requested {pending.Id}: a different person must approve it.";
        }

        if (!person.May(PersonRole.Approve))
        {
            return $"{person.Name} does not hold the approver role.";
        }

        return pending.Approvals.Any(a => a.Name == person.Name) ? $"{person.Name} already approved {pending.Id}." : null;
    }

    /// <summary>Another click or instance decided between reading the request and writing this decision.</summary>
    private static ChatReply DecidedMeanwhile(PendingApproval pending) =>
        ChatReply.Refused("Refused", $"Request {pending.Id} was decided elsewhere at the same moment. This click changed nothing; `/mail approvals` shows where it stands.", "decided concurrently");

    /// <summary>Marks the request expired; false (and nothing said) when another instance decided or expired it first.</summary>
    private async Task<bool> ExpireAsync(PendingApproval pending, CancellationToken cancellationToken)
    {
        pending.State = ApprovalState.Expired;
        pending.Outcome = $"expired at {ChatTime.Clock(pending.ExpiresAt)}";
        if (!await store.SaveAsync(pending, cancellationToken))
        {
            return false;
        }

        await audit.AppendAsync(new ApprovalExpired(pending.Id, pending.Summary), cancellationToken);
        await ReplaceCardsAsync(pending, $"Expired at {ChatTime.Clock(pending.ExpiresAt)}: nobody decided. Nothing was changed.", cancellationToken);
        return true;
    }

    /// <summary>Voids the request: what the fresh check found instead of what the card showed.</summary>
    private static void Void(PendingApproval pending, ApprovalPreview now)
    {
        pending.State = ApprovalState.Voided;
        pending.Outcome = now.Refusal is { } refusal
            ? $"Approval void: the request would now be refused ({refusal.Describe()})."
            : $"Approval void: what the request showed has changed since it was made (plan/checks fingerprint {pending.Fingerprint} → {now.Fingerprint}).";
    }

    /// <summary>
    /// Keeps a decision (<paramref name="decide"/> applied to the request) with a compare-and-set on the kept request;
    /// the kept copy, or null when someone else decided first. The write can also lose to the request's own creation,
    /// which keeps the cards it posted after the request itself, so that an approver quick on the first card comes in
    /// between: then the decision is made again on the fresh copy, which is still open to this person (the same
    /// refusals apply) and holds those cards. Found by the hour soak: a switchover approved 1.3 s after its request was
    /// told "decided elsewhere" and never ran.
    /// </summary>
    private async Task<PendingApproval?> KeepAsync(PendingApproval pending, Caller caller, ApprovalDecision decision, Action<PendingApproval> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            decide(pending);
            if (await store.SaveAsync(pending, cancellationToken))
            {
                return pending;
            }

            if (await store.FindAsync(pending.Id, cancellationToken) is not { } fresh || Refusal(caller.Person, decision, fresh) is not null)
            {
                return null;
            }

            pending = fresh;
        }

        return null;
    }

    /// <summary>
    /// Keeps the cards just posted with the request, kept before they were posted. A decision may have landed meanwhile:
    /// on a request still pending the cards go onto the fresh copy; on one already decided they are not kept (the run
    /// owns the record now) but replaced at once with where it stands, as the deciding instance replaced those it knew.
    /// </summary>
    private async Task KeepCardsAsync(PendingApproval pending, CancellationToken cancellationToken)
    {
        var posted = pending.Cards.ToList();
        for (var attempt = 0; attempt < 3 && !await store.SaveAsync(pending, cancellationToken); attempt++)
        {
            if (await store.FindAsync(pending.Id, cancellationToken) is not { } fresh)
            {
                return;
            }

            if (fresh.State != ApprovalState.Pending)
            {
                var decided = fresh.State == ApprovalState.Approved ? $"Approved by {fresh.ApproverNames}: running now." : fresh.Outcome ?? "";
                fresh.Cards.Clear();
                fresh.Cards.AddRange(posted);
                await ReplaceCardsAsync(fresh, decided, cancellationToken);
                return;
            }

            fresh.Cards.AddRange(posted.Where(c => !fresh.Cards.Contains(c)));
            pending = fresh;
        }
    }

    /// <summary>Records a decision that counted (it was kept), in the name of who decided and where.</summary>
    private Task<AuditEntry> AuditAsync(Caller caller, PendingApproval pending, ApprovalVerdict verdict, DecisionOutcome outcome, string detail, CancellationToken cancellationToken) =>
        audit.AppendAsync(new ApprovalDecided(caller.Name, caller.Channel, pending.Id, verdict, outcome, detail), cancellationToken);

    private Task ReplaceCardsAsync(PendingApproval pending, string decision, CancellationToken cancellationToken) =>
        UpdateCardsAsync(pending, Replacement(pending, decision), cancellationToken);

    /// <summary>The request's card once decided: its state in the title, the decision on top, no buttons.</summary>
    private static ChatMessage Replacement(PendingApproval pending, string decision) => pending.Card with
    {
        Title = $"{pending.Card.Title} — {pending.State.ToString().ToUpperInvariant()}",
        Sections = [new ChatSection(decision), .. pending.Card.Sections],
        Actions = [],
    };

    private async Task UpdateCardsAsync(PendingApproval pending, ChatMessage replaced, CancellationToken cancellationToken)
    {
        foreach (var card in pending.Cards)
        {
            try
            {
                await card.Conversation.UpdateAsync(card.Message, replaced, cancellationToken);
            }
#pragma warning disable CA1031 // A card that cannot be edited is logged; the decision stands and the buttons are refused anyway.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                ApprovalLog.CardFailed(logger, pending.Id, card.Conversation.Key, e);
            }
        }
    }
}
