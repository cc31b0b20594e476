namespace MailHa.Bot.Channels.Slack;

/// <summary>Outcome of checking <c>X-Slack-Signature</c> on a raw request body.</summary>
internal abstract record SlackSignatureCheck;
