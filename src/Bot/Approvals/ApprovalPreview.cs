using MailHa.Bot.Chat;

namespace MailHa.Bot.Approvals;

/// <summary>
/// What a request would do and what the checks show now; <see cref="Fingerprint"/> must still match when it runs.
/// <see cref="Refusal"/>: why it would not be requested now, or null. <see cref="ConfirmWord"/> is what the break-glass command line asks to be typed (the target node), if anything.
/// </summary>
public sealed record ApprovalPreview(string Title, RequestRefusal? Refusal, string Fingerprint, IReadOnlyList<ChatSection> Sections, string? ConfirmWord = null);
