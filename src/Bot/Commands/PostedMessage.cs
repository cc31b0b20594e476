namespace MailHa.Bot.Commands;

/// <summary>
/// A message the bot posted, addressable for updates: Slack channel + ts; Teams serviceUrl +
/// conversation id + activity id; console conversation + message id.
/// </summary>
public sealed record PostedMessage(ChatPlatform Platform, string ConversationId, string MessageId, string? ServiceUrl = null);
