namespace MailHa.TestSupport.Slack;

/// <summary>Secrets in a temp folder, referenced as <c>file:</c> (env vars would leak between parallel tests).</summary>
public sealed class SlackSecretFiles : IDisposable
{
    public const string SigningSecretValue = "8f742231b10e8888abcd99yyyzzz85a5";
    public const string BotTokenValue = "xoxb-test-bot-token";
    public const string AppTokenValue = "xapp-test-app-token";

    private readonly string folder = Directory.CreateTempSubdirectory("mailha-slack-").FullName;

    public SlackSecretFiles()
    {
        File.WriteAllText(Path.Combine(folder, "signing"), SigningSecretValue + "\n");
        File.WriteAllText(Path.Combine(folder, "bot"), BotTokenValue);
        File.WriteAllText(Path.Combine(folder, "app"), AppTokenValue);
    }

    public string SigningSecret => "file:" + Path.Combine(folder, "signing");

    public string BotToken => "file:" + Path.Combine(folder, "bot");

    public string AppToken => "file:" + Path.Combine(folder, "app");

    public string Missing => "file:" + Path.Combine(folder, "missing");

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
