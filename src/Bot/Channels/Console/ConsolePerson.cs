using Microsoft.AspNetCore.Authorization;

namespace MailHa.Bot.Channels.Console;

/// <summary>
/// The signed-in user is one of MailHa's people (<see cref="ConsoleAccounts"/>). Checked by the authorization
/// middleware, so an unknown user is refused (403) before any request body is read.
/// </summary>
public sealed class ConsolePerson : IAuthorizationRequirement
{
    public static ConsolePerson Required { get; } = new();

    private ConsolePerson()
    {
    }

    /// <summary>Succeeds for a signed-in user whose person claim names one of MailHa's people.</summary>
    public sealed class Handler(ConsoleAccounts accounts) : AuthorizationHandler<ConsolePerson>
    {
        protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ConsolePerson requirement)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (accounts.Actor(context.User, null) is not null)
            {
                context.Succeed(requirement);
            }

            return Task.CompletedTask;
        }
    }
}
