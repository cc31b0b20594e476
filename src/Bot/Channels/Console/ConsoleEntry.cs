using MailHa.Bot.Chat;

namespace MailHa.Bot.Channels.Console;

/// <summary>One message in the console's feed: said by a person (<see cref="From"/>) or by the bot; updated in place by version.</summary>
public sealed record ConsoleEntry(string Id, long Version, DateTimeOffset At, string? From, ChatMessage Message);
