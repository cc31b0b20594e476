using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using MailHa.Bot.Channels.Teams;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace MailHa.TestSupport.Teams;

/// <summary>
/// Bot Framework and Entra ID stand-ins on loopback (Kestrel, https://127.0.0.1:0 with a self-signed certificate
/// made here): OpenID metadata and a JWKS with <c>endorsements</c> per key, an OAuth2 client-credentials token
/// endpoint for MSAL, and a Bot Connector REST API that records what it is sent. A bot talks to it over https like
/// to the real services, once its Teams clients trust the certificate (<see cref="TrustIn"/>).
/// </summary>
public sealed class LocalBotFrameworkIssuer : IAsyncDisposable
{
    public const string AppSecret = "local-test-secret";
    public const string ServicePath = "/teams/";

    private static readonly Lazy<X509Certificate2> Certificate = new(CreateCertificate);

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, IssuerKey> _published = new();
    private readonly Channel<ConnectorRequest> _connectorRequests = Channel.CreateUnbounded<ConnectorRequest>();
    private readonly ConcurrentQueue<string> _unexpected = new();
    private readonly ConcurrentQueue<string> _issuedTokens = new();
    private int _metadataRequests;
    private int _tokenRequests;
    private int _connectorRequestCount;
    private int _activityCounter;
    private int _keyCounter = -1;

    private LocalBotFrameworkIssuer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The stand-ins' base address (https, with a trailing slash): also the Entra ID login authority.</summary>
    public string HttpsBase { get; private set; } = "";

    public string MetadataUrl => HttpsBase + "v1/.well-known/openidconfiguration";

    /// <summary>The Bot Connector stand-in; also the <c>serviceurl</c> valid tokens carry.</summary>
    public string ServiceUrl => HttpsBase.TrimEnd('/') + ServicePath;

    public IssuerKey DefaultKey { get; private set; } = null!;

    public int MetadataRequests => Volatile.Read(ref _metadataRequests);

    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    public int ConnectorRequestCount => Volatile.Read(ref _connectorRequestCount);

    public IReadOnlyCollection<string> IssuedTokens => _issuedTokens;

    /// <summary>Requests nothing here answers; a test that cares asserts it empty.</summary>
    public IReadOnlyCollection<string> Unexpected => _unexpected;

    public static async Task<LocalBotFrameworkIssuer> StartAsync()
    {
        var certificate = Certificate.Value;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        var app = builder.Build();
        var issuer = new LocalBotFrameworkIssuer(app);
        app.Run(issuer.HandleAsync);
        await app.StartAsync();

        var addresses = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        issuer.HttpsBase = addresses.Single(a => a.StartsWith("https://", StringComparison.Ordinal)) + "/";
        issuer.DefaultKey = issuer.Publish("key-1", "msteams");
        return issuer;
    }

    /// <summary>
    /// Makes the bot's Teams HTTP clients (metadata, login, connector) trust this stand-in's certificate and nothing
    /// else, through the same named clients a deployment would configure for a proxy or a private CA.
    /// Call after <c>AddTeams</c>.
    /// </summary>
    public static IServiceCollection TrustIn(IServiceCollection services)
    {
        foreach (var name in (string[])[TeamsExtensions.MetadataHttpClient, TeamsExtensions.LoginHttpClient, TeamsExtensions.ConnectorHttpClient])
        {
            services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                SslOptions = new SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                        certificate is not null && certificate.GetCertHashString() == Certificate.Value.Thumbprint,
                },
            });
        }

        return services;
    }

    /// <summary>Publishes a signing key in the JWKS (from the next metadata fetch on).</summary>
    public IssuerKey Publish(string keyId, params string[]? endorsements)
    {
        var key = new IssuerKey(keyId, endorsements, Interlocked.Increment(ref _keyCounter));
        _published[keyId] = key;
        return key;
    }

    /// <summary>A key nobody published; with a published kid it forges a signature.</summary>
    public static IssuerKey Unpublished(string keyId) => new(keyId, ["msteams"], TestKeyMaterial.Stranger);

    /// <summary>A signed JWT; defaults make a valid Bot Framework token for this issuer's serviceUrl.</summary>
    public string CreateToken(IssuerKey? key = null, TokenSpec? spec = null)
    {
        key ??= DefaultKey;
        spec ??= new TokenSpec();
        var now = DateTime.UtcNow;
        var expires = now + spec.ExpiresIn;
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer,
            Audience = spec.Audience,
            IssuedAt = expires - TimeSpan.FromHours(2),
            NotBefore = expires - TimeSpan.FromHours(2),
            Expires = expires,
            Claims = new Dictionary<string, object>(),
            SigningCredentials = spec.Algorithm.StartsWith("HS", StringComparison.Ordinal)
                ? new SigningCredentials(
                    new SymmetricSecurityKey(key.Rsa.ExportParameters(false).Modulus) { KeyId = key.KeyId }, spec.Algorithm)
                : new SigningCredentials(key.SecurityKey, spec.Algorithm),
        };
        var serviceUrl = spec.ServiceUrl ?? ServiceUrl;
        if (serviceUrl.Length > 0)
        {
            descriptor.Claims["serviceurl"] = serviceUrl;
        }

        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>An unsigned token (<c>alg: none</c>) that is otherwise valid.</summary>
    public string CreateUnsignedToken()
    {
        var now = DateTimeOffset.UtcNow;
        var header = new JsonObject { ["alg"] = "none", ["typ"] = "JWT", ["kid"] = DefaultKey.KeyId };
        var payload = new JsonObject
        {
            ["iss"] = "https://api.botframework.com",
            ["aud"] = TeamsActivities.BotAppId,
            ["nbf"] = now.AddMinutes(-1).ToUnixTimeSeconds(),
            ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
            ["serviceurl"] = ServiceUrl,
        };
        return $"{Base64UrlEncoder.Encode(header.ToJsonString())}.{Base64UrlEncoder.Encode(payload.ToJsonString())}.";
    }

    /// <summary>The next call the bot made to the Bot Connector stand-in.</summary>
    public async Task<ConnectorRequest> NextConnectorRequestAsync() =>
        await _connectorRequests.Reader.ReadAsync(Wait.Token());

    /// <summary>The next call the bot made to the Bot Connector stand-in, if it made one not taken yet.</summary>
    public bool TryTakeConnectorRequest(out ConnectorRequest? request) => _connectorRequests.Reader.TryRead(out request);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (context.Request.Method == "GET" && path == "/v1/.well-known/openidconfiguration")
        {
            Interlocked.Increment(ref _metadataRequests);
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["issuer"] = "https://api.botframework.com",
                ["authorization_endpoint"] = HttpsBase + "v1/authorize",
                ["jwks_uri"] = HttpsBase + "v1/.well-known/keys",
                ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
                ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
            });
        }
        else if (context.Request.Method == "GET" && path == "/v1/.well-known/keys")
        {
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["keys"] = new JsonArray([.. _published.Values.Select(k => (JsonNode)k.ToJwk())]),
            });
        }
        else if (context.Request.Method == "POST" && path == $"/{TeamsActivities.TenantId}/oauth2/v2.0/token")
        {
            await IssueAccessTokenAsync(context);
        }
        else if (path.StartsWith(ServicePath + "v3/", StringComparison.Ordinal))
        {
            await ConnectorAsync(context);
        }
        else
        {
            _unexpected.Enqueue($"{context.Request.Method} {path}");
            context.Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }

    private async Task IssueAccessTokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref _tokenRequests);
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "client_credentials"
            || form["client_id"] != TeamsActivities.BotAppId
            || form["client_secret"] != AppSecret
            || form["scope"] != "https://api.botframework.com/.default")
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = "invalid_client" });
            return;
        }

        var token = "connector-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        _issuedTokens.Enqueue(token);
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["ext_expires_in"] = 3600,
            ["access_token"] = token,
        });
    }

    private async Task ConnectorAsync(HttpContext context)
    {
        Interlocked.Increment(ref _connectorRequestCount);
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync();
        var rawTarget = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        var request = new ConnectorRequest(
            context.Request.Method, rawTarget, context.Request.Headers.Authorization.ToString(), text.Length > 0 ? JsonNode.Parse(text) : null);

        var number = Interlocked.Increment(ref _activityCounter);
        JsonObject answer;
        if (context.Request.Method == "POST" && context.Request.Path == ServicePath + "v3/conversations")
        {
            context.Response.StatusCode = StatusCodes.Status201Created;
            answer = new JsonObject
            {
                ["id"] = $"19:alerts@thread.tacv2;messageid=17000000000{number:D2}",
                ["activityId"] = $"17000000000{number:D2}",
            };
        }
        else
        {
            answer = new JsonObject { ["id"] = $"activity-{number}" };
        }

        await context.Response.WriteAsJsonAsync(answer);
        await _connectorRequests.Writer.WriteAsync(request with { Answer = answer.DeepClone() });
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }
}
