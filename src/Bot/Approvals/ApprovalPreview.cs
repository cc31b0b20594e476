using MailHa.Bot.Commands;

namespace MailHa.Bot.Approvals;

/// <summary>What a request would do and what the checks show now; <see cref="Fingerprint"/> must still match when it runs.</summary>
public sealed record ApprovalPreview(string Title, string? Refusal, string Fingerprint, IReadOnlyList<ChatSection> Sections);
