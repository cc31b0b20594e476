using System.Text.Json;
using MailHa.Bot.Chat;

namespace MailHa.Bot.Approvals;

/// <summary>
/// Something a second person approves: what it would do and what the checks show now (its preview, whose
/// fingerprint must still match when it runs), and the run itself once approved. A use case supplies it.
/// </summary>
public interface IApprovable
{
    /// <summary>The verb the audit trail and the cards name (<c>switchover</c>, <c>mirror-resume</c>).</summary>
    string Verb { get; }

    /// <summary>The typed request as JSON: what the journal keeps, so its <see cref="IApprovalKind"/> can make it again after a restart.</summary>
    JsonElement Request { get; }

    Task<ApprovalPreview> PreviewAsync(CancellationToken cancellationToken);

    Task<ApprovedOutcome> RunAsync(ApprovedRun run, CancellationToken cancellationToken);
}

/// <summary>
/// A kind of request a second person approves (each approved use case is one): makes a kept request approvable
/// again from its typed request, after a restart or on another instance.
/// </summary>
public interface IApprovalKind
{
    /// <summary>The <see cref="IApprovable.Verb"/> of its requests.</summary>
    string Verb { get; }

    /// <summary>The request again, or null when <paramref name="request"/> does not read as one of this kind.</summary>
    IApprovable? Restore(JsonElement request);
}

/// <summary>
/// What a request would do and what the checks show now; <see cref="Fingerprint"/> must still match when it runs.
/// <see cref="ConfirmWord"/> is what the break-glass command line asks to be typed (the target node), if anything.
/// </summary>
public sealed record ApprovalPreview(string Title, string? Refusal, string Fingerprint, IReadOnlyList<ChatSection> Sections, string? ConfirmWord = null);

/// <summary>An approved (or break-glass confirmed) run: its preview's title, who asked, who approved, where progress goes.</summary>
public sealed record ApprovedRun(string RequestId, string Title, string RequesterName, string ApproverNames, IChatConversation Origin);

/// <summary>
/// How an approved run ended: <see cref="Report"/> is told in the requesting conversation once the outcome is
/// recorded (replacing <see cref="Replaces"/>, the run's progress message, when set); <see cref="Result"/> is the
/// typed report for machine-readable output.
/// </summary>
public sealed record ApprovedOutcome(bool Succeeded, string Summary, ChatMessage Report, PostedMessage? Replaces = null, object? Result = null)
{
    /// <summary>Tells the report: replaces the progress message, or posts it.</summary>
    public async Task TellAsync(IChatConversation origin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(origin);
        if (Replaces is { } progress)
        {
            await origin.UpdateAsync(progress, Report, cancellationToken);
        }
        else
        {
            await origin.PostAsync(Report, cancellationToken);
        }
    }
}

/// <summary>A decision on a pending request.</summary>
public enum ApprovalDecision
{
    Approve,
    Reject,
}

/// <summary>A posted approval card and the conversation it lives in, so every copy can be replaced after a decision.</summary>
public sealed record ApprovalCard(IChatConversation Conversation, PostedMessage Message);
