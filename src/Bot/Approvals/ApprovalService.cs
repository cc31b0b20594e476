using System.Collections.Concurrent;
using MailHa.Bot.Alerts;
using MailHa.Bot.Commands;
using MailHa.Bot.People;
using MailHa.Operations.Audit;
using MailHa.Operations.Failover;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Approvals;

/// <summary>
/// The two-person rule. A request shows exactly what will run; only a different approver can approve;
/// expired, repeated and self approvals are refused and change nothing; what runs is what was approved
/// (the fingerprint is checked at approval and again just before running). Approvals from any platform
/// count for the same request.
/// </summary>
public sealed class ApprovalService(
    ApprovalPreviewer previewer,
    ApprovalRunner runner,
    AlertConversations alertConversations,
    AuditLog audit,
    IOptions<ApprovalOptions> options,
    TimeProvider time,
    ILogger<ApprovalService> logger) : IDisposable
{
    private readonly ConcurrentDictionary<string, PendingApproval> _requests = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public IReadOnlyList<PendingApproval> Pending() =>
        [.. _requests.Values.Where(r => r.State == ApprovalState.Pending).OrderBy(r => r.CreatedAt)];

    public PendingApproval? Find(string requestId) => _requests.GetValueOrDefault(requestId);

    public IReadOnlyList<PendingApproval> Recent(int count) =>
        [.. _requests.Values.OrderByDescending(r => r.CreatedAt).Take(count)];

    public async Task<ChatMessage> RequestAsync(Person requester, ChatUser account, RequestKind kind, FailoverOverrides overrides, IChatConversation origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requester);
        ArgumentNullException.ThrowIfNull(account);
        var preview = await previewer.PreviewAsync(kind, overrides, cancellationToken);
        var subject = $"{kind} ({preview.Title})";
        if (preview.Refusal is not null)
        {
            await AuditAsync(requester, account, "request", subject, "refused", preview.Refusal, "", cancellationToken);
            return ChatMessage.Text($"Not requested: {preview.Title}", $"Refused: {preview.Refusal}. Nothing was changed.");
        }

        var now = time.GetUtcNow();
        var id = $"r-{Guid.NewGuid().ToString("N")[..6]}";
        var expires = now + options.Value.Expiry;
        var card = new ChatMessage(
            $"Approval needed: {preview.Title}",
            [
                new($"Requested by {requester.Name} ({account.Platform}). Request {id}, expires {expires:HH:mm}Z. Needs {options.Value.RequiredApprovers} approver(s) other than {requester.Name}."),
                .. preview.Sections,
            ],
            [
                new("approve", "Approve", id, ChatActionStyle.Primary),
                new("reject", "Reject", id, ChatActionStyle.Danger),
            ]);
        var pending = new PendingApproval
        {
            Id = id,
            Kind = kind,
            Requester = requester,
            RequesterAccount = account,
            Overrides = overrides,
            Fingerprint = preview.Fingerprint,
            Summary = preview.Title,
            Card = card,
            Origin = origin,
            CreatedAt = now,
            ExpiresAt = expires,
        };
        _requests[id] = pending;

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

        await AuditAsync(requester, account, "request", $"{id} {subject}", "pending",
            $"fingerprint {preview.Fingerprint}; overrides: {overrides}", string.Join(",", pending.Cards.Select(c => $"{c.Message.Platform}:{c.Message.ConversationId}/{c.Message.MessageId}")), cancellationToken);
        return ChatMessage.Text($"Request {id} created", $"{preview.Title}: waiting for approval by another approver (expires {expires:HH:mm}Z).");
    }

    public async Task<ChatMessage> DecideAsync(Person? person, ChatUser account, string verb, string requestId, PostedMessage? clicked, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        var chatRef = clicked is null ? "" : $"{clicked.Platform}:{clicked.ConversationId}/{clicked.MessageId}";
        var actor = person?.Name ?? account.ToString();
        if (verb is not ("approve" or "reject"))
        {
            return ChatMessage.Text("Unknown action", $"'{verb}' is not approve or reject.");
        }

        if (!_requests.TryGetValue(requestId, out var pending))
        {
            await AuditAsync(person, account, verb, requestId, "refused", "no such request", chatRef, cancellationToken);
            return ChatMessage.Text("Refused", $"There is no request {requestId}.");
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var refusal = Refusal(person, verb, pending);
            if (refusal is not null)
            {
                await AuditAsync(person, account, verb, pending.Id, "refused", refusal, chatRef, cancellationToken);
                return ChatMessage.Text("Refused", $"{refusal} Nothing was changed.");
            }

            if (time.GetUtcNow() > pending.ExpiresAt)
            {
                await ExpireAsync(pending, cancellationToken);
                await AuditAsync(person, account, verb, pending.Id, "refused", "expired", chatRef, cancellationToken);
                return ChatMessage.Text("Refused", $"Request {pending.Id} expired at {pending.ExpiresAt:HH:mm}Z. Nothing was changed; request it again.");
            }

            if (verb == "reject")
            {
                pending.State = ApprovalState.Rejected;
                pending.Outcome = $"rejected by {actor}";
                await AuditAsync(person, account, "reject", pending.Id, "rejected", pending.Summary, chatRef, cancellationToken);
                await ReplaceCardsAsync(pending, $"Rejected by {actor}. Nothing was changed.", cancellationToken);
                return ChatMessage.Text($"Rejected {pending.Id}", $"{pending.Summary}: rejected. Nothing was changed.");
            }

            // What was shown must still be true.
            var preview = await previewer.PreviewAsync(pending.Kind, pending.Overrides, cancellationToken);
            if (preview.Fingerprint != pending.Fingerprint || preview.Refusal is not null)
            {
                await VoidAsync(pending, preview, cancellationToken);
                await AuditAsync(person, account, "approve", pending.Id, "voided", pending.Outcome, chatRef, cancellationToken);
                return ChatMessage.Text("Approval void", $"{pending.Outcome} Nothing was changed; request it again to see the current plan.");
            }

            pending.Approvals.Add((person!, account));
            await AuditAsync(person, account, "approve", pending.Id, "approved", $"{pending.Summary}; fingerprint {pending.Fingerprint}", chatRef, cancellationToken);
            if (pending.Approvals.Count < options.Value.RequiredApprovers)
            {
                return ChatMessage.Text($"Approved {pending.Id} ({pending.Approvals.Count}/{options.Value.RequiredApprovers})", "Waiting for more approvers.");
            }

            pending.State = ApprovalState.Approved;
            await ReplaceCardsAsync(pending, $"Approved by {pending.ApproverNames}: running now.", cancellationToken);
            runner.Start(pending);
            return ChatMessage.Text($"Approved {pending.Id}", $"{pending.Summary}: running now; progress follows in the requesting channel.");
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
        foreach (var pending in Pending().Where(p => time.GetUtcNow() > p.ExpiresAt))
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (pending.State == ApprovalState.Pending)
                {
                    await ExpireAsync(pending, cancellationToken);
                    await pending.Origin.PostAsync(ChatMessage.Text($"Request {pending.Id} expired", $"{pending.Summary}: nobody decided by {pending.ExpiresAt:HH:mm}Z. Nothing was changed."), cancellationToken);
                }
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    private static string? Refusal(Person? person, string verb, PendingApproval pending)
    {
        if (pending.State != ApprovalState.Pending)
        {
            return $"Request {pending.Id} is already {pending.State.ToString().ToLowerInvariant()} ({pending.Outcome}).";
        }

        if (person is null)
        {
            return "You are not a configured MailHa user.";
        }

        if (verb == "reject")
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

        return pending.Approvals.Any(a => a.Person.Name == person.Name) ? $"{person.Name} already approved {pending.Id}." : null;
    }

    private async Task ExpireAsync(PendingApproval pending, CancellationToken cancellationToken)
    {
        pending.State = ApprovalState.Expired;
        pending.Outcome = $"expired at {pending.ExpiresAt:HH:mm}Z";
        await audit.AppendAsync(new AuditRecord("system", "mailha", "expire", pending.Id, "expired", pending.Summary), cancellationToken);
        await ReplaceCardsAsync(pending, $"Expired at {pending.ExpiresAt:HH:mm}Z: nobody decided. Nothing was changed.", cancellationToken);
    }

    private async Task VoidAsync(PendingApproval pending, ApprovalPreview now, CancellationToken cancellationToken)
    {
        pending.State = ApprovalState.Voided;
        pending.Outcome = now.Refusal is not null
            ? $"Approval void: the request would now be refused ({now.Refusal})."
            : $"Approval void: what the request showed has changed since it was made (plan/checks fingerprint {pending.Fingerprint} → {now.Fingerprint}).";
        await ReplaceCardsAsync(pending, pending.Outcome, cancellationToken);
    }

    internal async Task ReplaceCardsAsync(PendingApproval pending, string decision, CancellationToken cancellationToken)
    {
        var replaced = pending.Card with
        {
            Title = $"{pending.Card.Title} — {pending.State.ToString().ToUpperInvariant()}",
            Sections = [new ChatSection(decision), .. pending.Card.Sections],
            Actions = [],
        };
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

    private Task<AuditEntry> AuditAsync(Person? person, ChatUser account, string action, string subject, string outcome, string detail, string chatRef, CancellationToken cancellationToken) =>
        audit.AppendAsync(new AuditRecord(person?.Name ?? $"unknown {account.Platform}:{account.TenantId}/{account.UserId}", account.Platform.ToString(), action, subject, outcome, detail, chatRef), cancellationToken);
}
