namespace MailHa.Bot.Channels.Console;

/// <summary>The local operator console (loopback only). Bound from <c>MailHa:Console</c>.</summary>
public sealed class ConsoleOptions
{
    public const string Section = "MailHa:Console";

    /// <summary>Serve the console page and its API on the bot's (loopback) address.</summary>
    public bool Enabled { get; set; }

    /// <summary>Who the console believes is acting: the signed-in person (<see cref="ConsoleMode.SignIn"/>, the default) or the demo's people picker.</summary>
    public ConsoleMode Mode { get; set; } = ConsoleMode.SignIn;

    /// <summary>The organisation's OpenID provider, used in <see cref="ConsoleMode.SignIn"/>.</summary>
    public ConsoleSignInOptions SignIn { get; set; } = new();
}

/// <summary>How the console learns who is acting.</summary>
public enum ConsoleMode
{
    /// <summary>
    /// Only a signed-in person acts: OpenID Connect sign-in against the organisation's provider, the person named by
    /// one claim of the signed-in user. The browser's word for who is acting is never taken.
    /// </summary>
    SignIn,

    /// <summary>The people picker: whoever reaches the console picks who they are. For the lab and demos only.</summary>
    Demo,
}
