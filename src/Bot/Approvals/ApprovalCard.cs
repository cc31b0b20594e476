using MailHa.Bot.Commands;

namespace MailHa.Bot.Approvals;

/// <summary>A posted approval card and the conversation it lives in, so every copy can be replaced after a decision.</summary>
public sealed record ApprovalCard(IChatConversation Conversation, PostedMessage Message);
