namespace MailHa.Bot.Channels.Console;

/// <summary>
/// A line typed in the console. <paramref name="As"/>, the picked person, counts in <see cref="ConsoleMode.Demo"/> only;
/// otherwise the signed-in person acts.
/// </summary>
public sealed record ConsoleCommandRequest(string? As, string Text);
