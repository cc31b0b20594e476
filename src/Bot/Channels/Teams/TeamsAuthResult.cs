namespace MailHa.Bot.Channels.Teams;

/// <summary>Outcome of authenticating one inbound activity.</summary>
internal abstract record TeamsAuthResult;
