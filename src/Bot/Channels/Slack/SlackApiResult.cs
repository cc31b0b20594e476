namespace MailHa.Bot.Channels.Slack;

/// <summary>Outcome of one Slack call (Web API method or <c>response_url</c>), after any rate-limit retries.</summary>
public abstract record SlackApiResult(string Method);
