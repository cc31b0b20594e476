namespace MailHa.Bot.Channels.Slack;

/// <summary><c>apps.connections.open</c> succeeded: dial <paramref name="Url"/> (single use) for Socket Mode.</summary>
public sealed record SlackConnectionOpened(Uri Url) : SlackApiResult("apps.connections.open");
