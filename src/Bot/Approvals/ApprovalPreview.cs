using MailHa.Bot.Chat;

namespace MailHa.Bot.Approvals;

/// <summary>
/// What a request would do and what the checks show now; <see cref="Fingerprint"/> must still match when it runs.
/// <see cref="ConfirmWord"/> is what the break-glass command line asks to be typed (the target node), if anything.
/// </summary>
public sealed record ApprovalPreview(string Title, string? Refusal, string Fingerprint, IReadOnlyList<ChatSection> Sections, string? ConfirmWord = null);

/// <summary>What a preview is for, which says how fresh its checks must be.</summary>
public enum PreviewPurpose
{
    /// <summary>
    /// What a decision rests on: an approval (the run starts on it) or the command line's confirmation. Every check is
    /// made now.
    /// </summary>
    Decision,

    /// <summary>
    /// The request's card: what a person reads before deciding. A use case may let a finding made seconds before stand
    /// in for asking again (a failover's card takes the health watch's finding that the node is down; the card says how
    /// old it is). Only its fingerprint is kept, and the approval checks it afresh.
    /// </summary>
    Card,
}
