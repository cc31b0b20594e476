using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace MailHa.Bot.Channels.Teams;

/// <summary>
/// Authenticates an inbound activity exactly as the Bot Framework connector requires: bearer JWT from the
/// configured issuer for our app id, RS256/384/512 signed by a published key that is endorsed for the
/// activity's channel, carrying the activity's serviceUrl, for an allowed tenant. No check can be turned off.
/// </summary>
internal sealed class BotFrameworkAuthenticator
{
    public const string TeamsChannelId = "msteams";

    private static readonly string[] Algorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TeamsOptions _options;
    private readonly HashSet<string> _allowedTenants;
    private readonly TeamsServiceUrlRegistry _serviceUrls;
    private readonly ILogger<BotFrameworkAuthenticator> _logger;

    public BotFrameworkAuthenticator(
        IOptions<TeamsOptions> options,
        IHttpClientFactory httpClients,
        TeamsServiceUrlRegistry serviceUrls,
        ILogger<BotFrameworkAuthenticator> logger)
    {
        _options = options.Value;
        _allowedTenants = new HashSet<string>(_options.EffectiveAllowedTenants(), StringComparer.OrdinalIgnoreCase);
        _serviceUrls = serviceUrls;
        _logger = logger;

        var documents = new HttpDocumentRetriever(httpClients.CreateClient(TeamsExtensions.MetadataHttpClient))
        {
            RequireHttps = true,
        };
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
            _options.OpenIdMetadataUrl, new BotFrameworkConfigurationRetriever(), documents);
    }

    /// <summary>
    /// Checks the token first (signature, issuer, audience, lifetime) and only then reads the body: nobody without a
    /// valid Bot Framework token gets anything parsed. Then the activity must match what the token vouches for.
    /// </summary>
    public async Task<TeamsAuthResult> AuthenticateAsync(string? authorization, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (BearerToken(authorization) is not { } token)
        {
            return new TeamsAuthRejected("Authorization is not 'Bearer <jwt>'");
        }

        if (Read(token) is not { } jwt)
        {
            return new TeamsAuthRejected("token unreadable");
        }

        if (!Algorithms.Contains(jwt.Alg, StringComparer.Ordinal))
        {
            return new TeamsAuthRejected("token algorithm not RS256/RS384/RS512");
        }

        if (string.IsNullOrEmpty(jwt.Kid))
        {
            return new TeamsAuthRejected("token has no key id");
        }

        BotFrameworkConfiguration configuration;
        try
        {
            configuration = await ConfigurationAsync(cancellationToken);
            if (!configuration.HasSigningKey(jwt.Kid))
            {
                // Keys roll over: one refresh (rate-limited by the configuration manager), then decide.
                TeamsLog.SigningKeyUnknown(_logger, jwt.Kid);
                _metadata.RequestRefresh();
                configuration = await ConfigurationAsync(cancellationToken);
            }
        }
        catch (InvalidOperationException ex)
        {
            TeamsLog.MetadataUnavailable(_logger, ex);
            return new TeamsAuthRejected("signing metadata unavailable");
        }

        if (!configuration.HasSigningKey(jwt.Kid))
        {
            return new TeamsAuthRejected("signing key not published");
        }

        var result = await _handler.ValidateTokenAsync(jwt, Parameters(configuration));
        if (!result.IsValid)
        {
            return new TeamsAuthRejected($"token invalid ({result.Exception?.GetType().Name ?? "unknown"})");
        }

        if (Parse(body) is not { } activity)
        {
            return new TeamsActivityMalformed("body is not an activity");
        }

        if (activity.ChannelId != TeamsChannelId)
        {
            return new TeamsAuthRejected("channelId is not msteams");
        }

        if (activity.ServiceUrl is not { } serviceUrl || !TeamsServiceUrlRegistry.IsAcceptableEndpoint(serviceUrl))
        {
            return new TeamsAuthRejected("serviceUrl missing or not https");
        }

        if (activity.TenantId() is not { } tenantId)
        {
            return new TeamsAuthRejected("tenant missing or inconsistent");
        }

        if (!configuration.IsEndorsed(jwt.Kid, activity.ChannelId))
        {
            return new TeamsAuthRejected("signing key not endorsed for msteams");
        }

        if (!jwt.TryGetPayloadValue<string>("serviceurl", out var claimed) || !string.Equals(claimed, serviceUrl, StringComparison.Ordinal))
        {
            return new TeamsAuthRejected("serviceurl claim missing or different from the activity's");
        }

        if (!_allowedTenants.Contains(tenantId))
        {
            return new TeamsAuthRejected("tenant not allowed");
        }

        await _serviceUrls.RememberAsync(serviceUrl, cancellationToken);
        return new TeamsAuthenticated(serviceUrl, tenantId, activity);
    }

    private static TeamsActivity? Parse(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize<TeamsActivity>(body, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The token of <c>Bearer &lt;jwt&gt;</c>: exactly two space-separated parts, scheme exactly <c>Bearer</c>.</summary>
    internal static string? BearerToken(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return null;
        }

        var parts = authorization.Split(' ');
        return parts.Length == 2 && parts[0] == "Bearer" && parts[1].Length > 0 ? parts[1] : null;
    }

    private JsonWebToken? Read(string token)
    {
        if (!_handler.CanReadToken(token))
        {
            return null;
        }

        try
        {
            return _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            // SecurityTokenMalformedException derives from ArgumentException: bad base64 or JSON.
            return null;
        }
    }

    private async Task<BotFrameworkConfiguration> ConfigurationAsync(CancellationToken cancellationToken) =>
        await _metadata.GetConfigurationAsync(cancellationToken) as BotFrameworkConfiguration
        ?? throw new InvalidOperationException("Unexpected configuration type from the Bot Framework metadata retriever.");

    private TokenValidationParameters Parameters(BotFrameworkConfiguration configuration) => new()
    {
        ValidateIssuer = true,
        ValidIssuer = _options.Issuer,
        ValidateAudience = true,
        RequireAudience = true,
        ValidAudience = _options.AppId,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromMinutes(5),
        RequireSignedTokens = true,
        ValidAlgorithms = Algorithms,
        IssuerSigningKeys = configuration.SigningKeys,
        TryAllIssuerSigningKeys = false,
    };
}
