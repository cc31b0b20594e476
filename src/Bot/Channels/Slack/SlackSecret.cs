using MailHa.Operations.Secrets;

namespace MailHa.Bot.Channels.Slack;

/// <summary>Reads a Slack secret when it is needed, so rotated files are picked up. Start-up validation made sure it resolves.</summary>
internal static class SlackSecret
{
    public static string Read(string reference, string property) =>
        SecretReference.TryParse(reference, out var parsed) && parsed!.TryRead() is { } value
            ? value
            : throw new InvalidOperationException($"{SlackOptions.Section}:{property}: the secret reference does not resolve.");
}
