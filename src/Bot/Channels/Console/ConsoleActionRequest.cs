using System.Text.Json;

namespace MailHa.Bot.Channels.Console;

/// <summary>
/// A button clicked in the console: <paramref name="Action"/> is the button's encoded action, as the feed showed it.
/// <paramref name="As"/>, the picked person, counts in <see cref="ConsoleMode.Demo"/> only; otherwise the signed-in person acts.
/// </summary>
public sealed record ConsoleActionRequest(string? As, JsonElement Action, string MessageId);
