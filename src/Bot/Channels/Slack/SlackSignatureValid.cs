namespace MailHa.Bot.Channels.Slack;

/// <summary>The body is Slack's, signed at <paramref name="Timestamp"/> (unix seconds) within the window.</summary>
internal sealed record SlackSignatureValid(long Timestamp, string Signature) : SlackSignatureCheck;
