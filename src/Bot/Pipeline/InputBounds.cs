namespace MailHa.Bot.Pipeline;

/// <summary>The limits on what anyone can type at MailHa, checked before anything is parsed, echoed or audited.</summary>
public static class InputBounds
{
    /// <summary>The longest command line understood; every real command is far shorter.</summary>
    public const int MaxCommandLength = 500;

    /// <summary>The most of anyone's input echoed back or written to the audit trail.</summary>
    public const int MaxEcho = 40;

    /// <summary><paramref name="text"/> cut to <paramref name="max"/> characters with a visible ellipsis and the full length.</summary>
    public static string Truncate(string text, int max = MaxEcho)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length <= max ? text : $"{text[..max]}… ({text.Length} characters)";
    }
}
