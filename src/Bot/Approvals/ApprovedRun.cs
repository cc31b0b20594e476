using MailHa.Bot.Chat;

namespace MailHa.Bot.Approvals;

/// <summary>An approved (or break-glass confirmed) run: its preview's title, who asked, who approved, where progress goes.</summary>
public sealed record ApprovedRun(string RequestId, string Title, string RequesterName, string ApproverNames, IChatConversation Origin);
