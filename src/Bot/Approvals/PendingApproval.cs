using MailHa.Bot.Chat;
using MailHa.Bot.People;

namespace MailHa.Bot.Approvals;

/// <summary>
/// One request waiting for (or past) its approval. Mutated only under <see cref="ApprovalService"/>'s
/// gate. <see cref="Fingerprint"/> covers the plan and the checks the card showed. Kept in the journal by
/// <see cref="ApprovalStore"/>; <see cref="Version"/> is the stored version this copy was read at.
/// </summary>
public sealed class PendingApproval
{
    public required string Id { get; init; }

    public required IApprovable Approvable { get; init; }

    public required Caller Requester { get; init; }

    public required string Fingerprint { get; init; }

    public required string Summary { get; init; }

    public required ChatMessage Card { get; init; }

    public required IChatConversation Origin { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public ApprovalState State { get; set; } = ApprovalState.Pending;

    public List<Caller> Approvals { get; } = [];

    public List<ApprovalCard> Cards { get; } = [];

    public string Outcome { get; set; } = "";

    public long Version { get; set; }

    public string ApproverNames => Approvals.Count == 0 ? "nobody" : string.Join(", ", Approvals.Select(a => a.Name));
}

/// <summary>A posted approval card and the conversation it lives in, so every copy can be replaced after a decision.</summary>
public sealed record ApprovalCard(IChatConversation Conversation, PostedMessage Message);
