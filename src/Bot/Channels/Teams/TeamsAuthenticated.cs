namespace MailHa.Bot.Channels.Teams;

/// <summary>Every check passed: the activity comes from Bot Framework for <paramref name="TenantId"/> via <paramref name="ServiceUrl"/>.</summary>
internal sealed record TeamsAuthenticated(string ServiceUrl, string TenantId) : TeamsAuthResult;
