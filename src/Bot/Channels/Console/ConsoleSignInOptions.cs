namespace MailHa.Bot.Channels.Console;

/// <summary>
/// The organisation's OpenID provider for the console's sign-in (authorization code flow with PKCE, then a cookie
/// session). Bound from <c>MailHa:Console:SignIn</c>. Register the console's redirect URI at the provider:
/// the console's address followed by <see cref="ConsoleSignIn.CallbackPath"/>.
/// </summary>
public sealed class ConsoleSignInOptions
{
    /// <summary>
    /// The provider's issuer, whose <c>/.well-known/openid-configuration</c> describes it (Entra ID:
    /// <c>https://login.microsoftonline.com/TENANT/v2.0</c>; Keycloak: <c>https://HOST/realms/REALM</c>). https, except on a loopback address.
    /// </summary>
    public Uri? Authority { get; set; }

    /// <summary>The console's client (application) id at the provider.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The client's secret, as a secret reference (<c>file:/path</c> or <c>env:NAME</c>); read when sign-in is first used (restart after rotating it), never logged.</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>
    /// The claim of the signed-in user that names the person: its value is the <c>User</c> of one of the person's
    /// console accounts whose <c>Tenant</c> is <see cref="ConsoleAccounts.SignInTenant"/> (e.g. <c>preferred_username</c>, <c>email</c>).
    /// </summary>
    public string PersonClaim { get; set; } = "preferred_username";

    /// <summary>How long a sign-in lasts before the console asks the provider again.</summary>
    public TimeSpan Session { get; set; } = TimeSpan.FromHours(8);
}
