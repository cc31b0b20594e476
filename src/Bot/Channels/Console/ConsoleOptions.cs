namespace MailHa.Bot.Channels.Console;

/// <summary>The local operator console (loopback only). Bound from <c>MailHa:Console</c>.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "MailHa:Console";

    /// <summary>Serve the console page and its API on the bot's (loopback) address.</summary>
    public bool Enabled { get; set; }
}
