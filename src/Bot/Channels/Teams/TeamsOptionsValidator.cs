using MailHa.Operations.Secrets;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Channels.Teams;

/// <summary>Cross-field rules for <see cref="TeamsOptions"/>, checked only when Teams is enabled. Every failure names its key.</summary>
public sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions>
{
    // The Bot Framework Emulator's token issuers (its tenants): never trusted, whatever the configuration says.
    private static readonly string[] EmulatorTenants = ["d6d49420-f39b-4df7-a1dc-d59a935871db", "f8cdef31-a31e-4b4a-93e4-5f571e91255a"];

    // Entra ID's own login hosts (public, US government, China): MSAL knows them, so validation is never turned off for them.
    private static readonly string[] MicrosoftLoginHosts =
        ["login.microsoftonline.com", "login.microsoftonline.us", "login.partner.microsoftonline.cn", "login.chinacloudapi.cn"];

    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        const string prefix = TeamsOptions.Section;

        if (!Guid.TryParse(options.AppId, out _))
        {
            failures.Add($"{prefix}:AppId: the bot's Microsoft App ID (a GUID) is required.");
        }

        if (!Guid.TryParse(options.TenantId, out _))
        {
            failures.Add($"{prefix}:TenantId: the tenant id (a GUID) is required; the bot is single-tenant.");
        }

        SecretValidation.Check(failures, $"{prefix}:AppPassword", options.AppPassword);

        for (var i = 0; i < options.AllowedTenants.Count; i++)
        {
            if (!Guid.TryParse(options.AllowedTenants[i], out _))
            {
                failures.Add($"{prefix}:AllowedTenants:{i}: '{options.AllowedTenants[i]}' is not a tenant id (GUID).");
            }
        }

        if (!TeamsServiceUrlRegistry.IsAcceptableEndpoint(options.OpenIdMetadataUrl))
        {
            failures.Add($"{prefix}:OpenIdMetadataUrl: must be an https:// URL.");
        }

        if (!Uri.TryCreate(options.LoginAuthority, UriKind.Absolute, out var login) || login.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"{prefix}:LoginAuthority: must be an https:// URL.");
        }
        else if (!options.ValidateLoginAuthority && MicrosoftLoginHosts.Contains(login.Host, StringComparer.OrdinalIgnoreCase))
        {
            failures.Add($"{prefix}:ValidateLoginAuthority: false is only for an authority outside Microsoft's clouds; '{login.Host}' is validated.");
        }

        if (EmulatorTenants.Any(t => options.Issuer.Contains(t, StringComparison.OrdinalIgnoreCase)))
        {
            failures.Add($"{prefix}:Issuer: Bot Framework Emulator issuers are never accepted.");
        }

        for (var i = 0; i < options.AlertChannels.Count; i++)
        {
            var channel = options.AlertChannels[i];
            if (!TeamsServiceUrlRegistry.IsAcceptableEndpoint(channel.ServiceUrl))
            {
                failures.Add($"{prefix}:AlertChannels:{i}:ServiceUrl: must be an https:// URL.");
            }

            if (!channel.ChannelId.StartsWith("19:", StringComparison.Ordinal) || !channel.ChannelId.Contains("@thread.", StringComparison.Ordinal))
            {
                failures.Add($"{prefix}:AlertChannels:{i}:ChannelId: '{channel.ChannelId}' is not a channel id '19:…@thread.tacv2'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
