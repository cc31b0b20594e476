using MailHa.Bot.Channels.Slack;

namespace MailHa.Bot.Tests.Slack;

public sealed class SlackOptionsValidatorTests : IDisposable
{
    private readonly SlackSecretFiles secrets = new();

    public void Dispose() => secrets.Dispose();

    private SlackOptions Valid(SlackMode mode = SlackMode.Http) => new()
    {
        Enabled = true,
        Mode = mode,
        SigningSecret = secrets.SigningSecret,
        BotToken = secrets.BotToken,
        AppToken = mode == SlackMode.SocketMode ? secrets.AppToken : "",
        AlertChannels = ["C0123456789"],
    };

    [Fact]
    public void Validate_Succeeds_WhenDisabledWithoutSecrets()
    {
        var result = new SlackOptionsValidator().Validate(null, new SlackOptions());

        Assert.True(result.Succeeded);
    }

    [Theory]
    [InlineData(SlackMode.Http)]
    [InlineData(SlackMode.SocketMode)]
    public void Validate_Succeeds_WhenModeSecretsResolve(SlackMode mode)
    {
        var result = new SlackOptionsValidator().Validate(null, Valid(mode));

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_NamesKey_WhenSigningSecretMissingInHttpMode()
    {
        var options = Valid();
        options.SigningSecret = secrets.Missing;

        var result = new SlackOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("MailHa:Slack:SigningSecret:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_NamesKey_WhenAppTokenEmptyInSocketMode()
    {
        var options = Valid(SlackMode.SocketMode);
        options.AppToken = "";

        var result = new SlackOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("MailHa:Slack:AppToken:", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_RefusesWithoutEchoingIt_WhenSecretWrittenInline()
    {
        var options = Valid();
        options.BotToken = SlackSecretFiles.BotTokenValue;

        var result = new SlackOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("MailHa:Slack:BotToken:", StringComparison.Ordinal));
        Assert.DoesNotContain(SlackSecretFiles.BotTokenValue, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamesKey_WhenBotTokenIsAnAppToken()
    {
        var options = Valid();
        options.BotToken = secrets.AppToken;

        var result = new SlackOptionsValidator().Validate(null, options);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("MailHa:Slack:BotToken:", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(SlackSecretFiles.AppTokenValue, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NamesIndex_WhenAlertChannelIsAName()
    {
        var options = Valid();
        options.AlertChannels = ["C0123456789", "#mail-ops"];

        var result = new SlackOptionsValidator().Validate(null, options);

        Assert.Contains(result.Failures!, f => f.StartsWith("MailHa:Slack:AlertChannels:1:", StringComparison.Ordinal));
    }
}
