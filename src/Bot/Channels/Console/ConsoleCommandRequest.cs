namespace MailHa.Bot.Channels.Console;

/// <summary>A line typed in the console as one of the demo people.</summary>
public sealed record ConsoleCommandRequest(string As, string Text);
