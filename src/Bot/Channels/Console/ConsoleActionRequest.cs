namespace MailHa.Bot.Channels.Console;

/// <summary>A button clicked in the console as one of the demo people.</summary>
public sealed record ConsoleActionRequest(string As, string Verb, string RequestId, string MessageId);
