using MailHa.Operations.Secrets;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Channels.Slack;

/// <summary>When Slack is enabled, every secret the mode needs must resolve. Every failure names its key.</summary>
public sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        var http = options.Mode == SlackMode.Http;
        SecretValidation.Check(failures, $"{SlackOptions.Section}:SigningSecret", options.SigningSecret, required: http);
        CheckToken(failures, "BotToken", options.BotToken, "xoxb-", required: true);
        CheckToken(failures, "AppToken", options.AppToken, "xapp-", required: !http);

        if (options.ApiBaseUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{SlackOptions.Section}:ApiBaseUrl: '{options.ApiBaseUrl}' is not an absolute http(s) URL.");
        }

        for (var i = 0; i < options.AlertChannels.Count; i++)
        {
            var channel = options.AlertChannels[i];
            if (string.IsNullOrEmpty(channel) || !channel.All(char.IsAsciiLetterOrDigit))
            {
                failures.Add($"{SlackOptions.Section}:AlertChannels:{i}: '{channel}' is not a Slack channel id (e.g. C0123456789).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckToken(List<string> failures, string property, string reference, string prefix, bool required)
    {
        var key = $"{SlackOptions.Section}:{property}";
        var before = failures.Count;
        SecretValidation.Check(failures, key, reference, required);
        if (failures.Count == before && SecretReference.TryParse(reference, out var parsed)
            && parsed!.TryRead() is { } token && !token.StartsWith(prefix, StringComparison.Ordinal))
        {
            failures.Add($"{key}: the secret at {parsed} is not a '{prefix}…' token.");
        }
    }
}
