namespace MailHa.Bot.Channels.Teams;

/// <summary><c>from</c> / <c>recipient</c>: Teams ids are <c>29:…</c> (users) and <c>28:{appId}</c> (bots).</summary>
internal sealed record TeamsChannelAccount(string? Id, string? Name, string? AadObjectId);
