namespace MailHa.Bot.Channels.Teams;

/// <summary><c>conversation</c>: a personal chat, a group chat, or a channel thread (<c>19:…;messageid=…</c>).</summary>
internal sealed record TeamsConversationAccount(string? Id, string? ConversationType, string? TenantId);
