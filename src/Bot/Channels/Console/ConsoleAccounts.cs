using System.Security.Claims;
using MailHa.Bot.Chat;
using MailHa.Bot.People;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Channels.Console;

/// <summary>
/// Who is acting in the console. In <see cref="ConsoleMode.Demo"/>: the person the browser picked (a console account
/// with <c>Tenant</c> <see cref="DemoTenant"/>). Otherwise: the signed-in user, by the value of
/// <see cref="ConsoleSignInOptions.PersonClaim"/> (a console account with <c>Tenant</c> <see cref="SignInTenant"/>),
/// whatever the browser says.
/// </summary>
public sealed class ConsoleAccounts(IOptions<ConsoleOptions> console, IOptionsMonitor<PeopleOptions> people)
{
    /// <summary>The <c>Tenant</c> of the demo people's console accounts.</summary>
    public const string DemoTenant = "local";

    /// <summary>The <c>Tenant</c> of console accounts that a signed-in user's claim names.</summary>
    public const string SignInTenant = "sign-in";

    /// <summary>
    /// The acting account, or null for nobody MailHa knows. <paramref name="picked"/>, the browser's choice, counts in Demo only.
    /// </summary>
    public ChatUser? Actor(ClaimsPrincipal user, string? picked)
    {
        ArgumentNullException.ThrowIfNull(user);
        return console.Value.Mode == ConsoleMode.Demo
            ? Find(DemoTenant, picked)
            : Find(SignInTenant, SignedIn(user));
    }

    /// <summary>The signed-in user's value of the person claim (null when not signed in or the claim is missing).</summary>
    public string? SignedIn(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Identity?.IsAuthenticated == true ? user.FindFirst(console.Value.SignIn.PersonClaim)?.Value : null;
    }

    /// <summary>The demo people, for the picker.</summary>
    public IEnumerable<(string Id, PersonOptions Person)> DemoPeople() =>
        people.CurrentValue.People.SelectMany(p => p.Console.Where(c => c.Tenant == DemoTenant).Select(c => (c.User, p)));

    private ChatUser? Find(string tenant, string? user)
    {
        if (string.IsNullOrEmpty(user))
        {
            return null;
        }

        var person = people.CurrentValue.People.FirstOrDefault(p => p.Console.Any(c => c.Tenant == tenant && c.User == user));
        return person is null ? null : new ChatUser(ChatPlatform.Console, tenant, user, person.Name);
    }
}
