namespace MailHa.Bot.Channels.Teams;

/// <summary>A check failed; <paramref name="Reason"/> is ours (never token content) and safe to log.</summary>
internal sealed record TeamsAuthRejected(string Reason) : TeamsAuthResult;
