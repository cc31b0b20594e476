namespace MailHa.Bot.Channels.Slack;

/// <summary>A message was accepted by a <c>response_url</c>.</summary>
public sealed record SlackResponseDelivered() : SlackApiResult("response_url");
