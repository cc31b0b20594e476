namespace MailHa.Bot.Channels.Slack;

/// <summary><c>chat.postMessage</c> / <c>chat.update</c> succeeded: the message lives at <paramref name="Channel"/> + <paramref name="Ts"/>.</summary>
public sealed record SlackMessagePosted(string Method, string Channel, string Ts) : SlackApiResult(Method);
