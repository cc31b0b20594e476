namespace MailHa.Bot.Channels.Slack;

/// <summary>Refused; <paramref name="Reason"/> is safe to log (it never holds the secret or the body).</summary>
internal sealed record SlackSignatureInvalid(string Reason) : SlackSignatureCheck;
