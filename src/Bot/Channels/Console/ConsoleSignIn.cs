using System.Net;
using MailHa.Operations.Secrets;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace MailHa.Bot.Channels.Console;

/// <summary>
/// The console's sign-in (<see cref="ConsoleMode.SignIn"/>): ASP.NET Core's OpenID Connect handler against the
/// organisation's provider (authorization code flow with PKCE, the code returned in the query), then a cookie session.
/// Its schemes are the console's own: no other endpoint (Slack, Teams, monitoring) authenticates with them. Tokens are
/// not kept (the session cookie holds the user's claims only), and neither tokens, codes nor the client secret are logged.
/// </summary>
public static class ConsoleSignIn
{
    /// <summary>The session cookie's scheme.</summary>
    public const string SessionScheme = "MailHa.Console";

    /// <summary>The OpenID Connect handler's scheme.</summary>
    public const string ProviderScheme = "MailHa.Console.OpenIdConnect";

    /// <summary>Where the provider sends the browser back with the code: register the console's address plus this path.</summary>
    public const string CallbackPath = "/signin-oidc";

    /// <summary>The console's API: an unauthenticated call answers 401 instead of a redirect to the provider.</summary>
    public const string ApiPath = "/console/api";

    /// <summary>Signed in through the console's provider: what every console endpoint requires in <see cref="ConsoleMode.SignIn"/>.</summary>
    public static AuthorizationPolicy Policy { get; } = new AuthorizationPolicyBuilder(SessionScheme).RequireAuthenticatedUser().AddRequirements(ConsolePerson.Required).Build();

    public static IServiceCollection AddConsoleSignIn(this IServiceCollection services)
    {
        services.AddAuthorization();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, ConsolePerson.Handler>());
        services.AddAuthentication()
            .AddCookie(SessionScheme, cookie =>
            {
                cookie.Cookie.Name = "MailHa.Console";
                cookie.Cookie.HttpOnly = true;
                cookie.Cookie.SameSite = SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                cookie.SlidingExpiration = false;
                cookie.ForwardChallenge = ProviderScheme;
            })
            .AddOpenIdConnect(ProviderScheme, _ => { });

        services.AddOptions<CookieAuthenticationOptions>(SessionScheme).Configure<IOptions<ConsoleOptions>>((cookie, console) =>
        {
            var claim = console.Value.SignIn.PersonClaim;
            cookie.ExpireTimeSpan = console.Value.SignIn.Session;
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                // Signed in, but not one of MailHa's people: 403 here, never a redirect; the page says which account to add.
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                if (context.Request.Path.StartsWithSegments(ApiPath))
                {
                    return context.Response.WriteAsJsonAsync(new { error = "signed in, but not one of MailHa's people: the console acts for nobody else" }, context.HttpContext.RequestAborted);
                }

                context.Response.ContentType = "text/html; charset=utf-8";
                return context.Response.WriteAsync(ConsolePage.NotAPerson(claim, context.HttpContext.User.FindFirst(claim)?.Value), context.HttpContext.RequestAborted);
            };
        });
        services.AddOptions<OpenIdConnectOptions>(ProviderScheme).Configure<IOptions<ConsoleOptions>>((oidc, console) => Configure(oidc, console.Value.SignIn));
        return services;
    }

    private static void Configure(OpenIdConnectOptions oidc, ConsoleSignInOptions settings)
    {
        var authority = settings.Authority ?? throw new InvalidOperationException($"{ConsoleOptions.Section}:SignIn:Authority: required.");
        oidc.Authority = authority.AbsoluteUri;
        oidc.RequireHttpsMetadata = !IsLoopback(authority);
        oidc.ClientId = settings.ClientId;

        // Read once, when the handler first needs it (start-up validation made sure it resolves): the pushed
        // authorization request (when the provider offers one) and the code redemption both authenticate with it.
        oidc.ClientSecret = SecretReference.TryParse(settings.ClientSecret, out var reference) && reference!.TryRead() is { } secret
            ? secret
            : throw new InvalidOperationException($"{ConsoleOptions.Section}:SignIn:ClientSecret: the secret reference does not resolve.");
        oidc.SignInScheme = SessionScheme;
        oidc.CallbackPath = CallbackPath;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        oidc.ResponseMode = OpenIdConnectResponseMode.Query; // a top-level GET back: the correlation cookies are SameSite=Lax and need no https
        oidc.UsePkce = true;
        oidc.SaveTokens = false;
        oidc.MapInboundClaims = false; // the person claim keeps the provider's name (preferred_username, email)
        oidc.GetClaimsFromUserInfoEndpoint = true;
        oidc.ClaimActions.MapUniqueJsonKey(settings.PersonClaim, settings.PersonClaim);
        oidc.Scope.Clear();
        oidc.Scope.Add("openid");
        oidc.Scope.Add("profile");
        oidc.Scope.Add("email");
        foreach (var cookie in new[] { oidc.CorrelationCookie, oidc.NonceCookie })
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        }

        oidc.Events.OnRedirectToIdentityProvider = context =>
        {
            // The API answers 401; only a page is sent to the provider.
            if (context.Request.Path.StartsWithSegments(ApiPath))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.HandleResponse();
            }

            return Task.CompletedTask;
        };
        oidc.Events.OnRemoteFailure = context =>
        {
            // A failed or refused sign-in (the provider's error, a stale correlation cookie): say so without echoing what came back.
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.HandleResponse();
            return context.Response.WriteAsync("MailHa console: sign-in failed. Open the console again to retry; if it keeps failing, the bot's log says why.", context.HttpContext.RequestAborted);
        };
    }

    internal static bool IsLoopback(Uri address) =>
        address.IsLoopback || (IPAddress.TryParse(address.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
