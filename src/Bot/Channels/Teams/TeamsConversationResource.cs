namespace MailHa.Bot.Channels.Teams;

/// <summary>What <c>POST v3/conversations</c> returns: the new thread's conversation id and its first activity's id.</summary>
internal sealed record TeamsConversationResource(string Id, string ActivityId);
