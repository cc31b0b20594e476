namespace MailHa.Bot.Commands;

/// <summary>A button on a message, e.g. Approve / Reject for one pending request.</summary>
public sealed record ChatAction(string Verb, string Title, string RequestId, ChatActionStyle Style = ChatActionStyle.Default);
