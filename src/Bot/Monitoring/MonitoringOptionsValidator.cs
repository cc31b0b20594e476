using MailHa.Operations.Secrets;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Monitoring;

/// <summary>A heartbeat URL, when configured, must resolve to an absolute http(s) URL. Failures name the key, never the URL.</summary>
public sealed class MonitoringOptionsValidator : IValidateOptions<MonitoringOptions>
{
    public const string HeartbeatKey = $"{MonitoringOptions.Section}:HeartbeatUrl";

    public ValidateOptionsResult Validate(string? name, MonitoringOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        SecretValidation.Check(failures, HeartbeatKey, options.HeartbeatUrl, required: false);
        if (failures.Count == 0 && !string.IsNullOrWhiteSpace(options.HeartbeatUrl) && Resolve(options.HeartbeatUrl) is null)
        {
            failures.Add($"{HeartbeatKey}: the secret at {SecretText(options.HeartbeatUrl)} is not an absolute http(s) URL.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>The heartbeat URL the reference holds now, or null when unset, missing or not an http(s) URL.</summary>
    public static Uri? Resolve(string? reference) =>
        SecretReference.TryParse(reference, out var parsed)
        && Uri.TryCreate(parsed!.TryRead(), UriKind.Absolute, out var url)
        && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? url
            : null;

    private static string SecretText(string reference) => SecretReference.TryParse(reference, out var parsed) ? parsed!.ToString() : "?";
}
