using MailHa.Operations.Secrets;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// Outbound Bot Connector tokens: client credentials for our app id against our tenant, one MSAL
/// application for the process (MSAL caches and renews the token). The token is never logged.
/// </summary>
internal sealed class TeamsTokenProvider
{
    private readonly IConfidentialClientApplication _application;
    private readonly string[] _scopes;

    public TeamsTokenProvider(IOptions<TeamsOptions> options, IHttpClientFactory httpClients)
    {
        var settings = options.Value;
        _scopes = [settings.OAuthScope];
        if (!SecretReference.TryParse(settings.AppPassword, out var reference) || reference!.TryRead() is not { } secret)
        {
            throw new InvalidOperationException($"{TeamsOptions.Section}:AppPassword: the secret reference does not resolve.");
        }

        var authority = new Uri(new Uri(TeamsServiceUrlRegistry.Normalize(settings.LoginAuthority)), Uri.EscapeDataString(settings.TenantId));
        var builder = ConfidentialClientApplicationBuilder.Create(settings.AppId)
            .WithClientSecret(secret)
            .WithHttpClientFactory(new MsalHttpClientFactory(httpClients));

        // Entra ID is validated and discovered as usual, unless the operator said the authority is one
        // Microsoft's instance discovery does not know (MailHa:Teams:ValidateLoginAuthority false).
        builder = settings.ValidateLoginAuthority
            ? builder.WithAuthority(authority.AbsoluteUri)
            : builder.WithAuthority(authority.AbsoluteUri, validateAuthority: false).WithInstanceDiscovery(false);
        _application = builder.Build();
    }

    public async Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        var result = await _application.AcquireTokenForClient(_scopes).ExecuteAsync(cancellationToken);
        return result.AccessToken;
    }
}
