using MailHa.Operations.Secrets;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Channels.Console;

/// <summary>An enabled console in <see cref="ConsoleMode.SignIn"/> needs its provider: every failure names its key.</summary>
public sealed class ConsoleOptionsValidator : IValidateOptions<ConsoleOptions>
{
    private const string Key = $"{ConsoleOptions.Section}:SignIn";

    public ValidateOptionsResult Validate(string? name, ConsoleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled || options.Mode != ConsoleMode.SignIn)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        var sign = options.SignIn;
        if (sign.Authority is not { IsAbsoluteUri: true } authority || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{Key}:Authority: required in the console's default mode, SignIn: the OpenID provider's issuer URL (e.g. https://login.microsoftonline.com/TENANT/v2.0).");
        }
        else if (authority.Scheme != Uri.UriSchemeHttps && !ConsoleSignIn.IsLoopback(authority))
        {
            failures.Add($"{Key}:Authority: '{authority}' must be https (plain http only on a loopback address).");
        }

        if (string.IsNullOrWhiteSpace(sign.ClientId))
        {
            failures.Add($"{Key}:ClientId: required, the console's client (application) id at the provider.");
        }

        SecretValidation.Check(failures, $"{Key}:ClientSecret", sign.ClientSecret);
        if (string.IsNullOrWhiteSpace(sign.PersonClaim))
        {
            failures.Add($"{Key}:PersonClaim: required, the claim that names the person (e.g. preferred_username or email).");
        }

        if (sign.Session <= TimeSpan.Zero)
        {
            failures.Add($"{Key}:Session: '{sign.Session}' must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
