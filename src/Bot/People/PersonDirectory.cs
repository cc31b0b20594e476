using MailHa.Bot.Chat;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.People;

/// <summary>Maps a platform account to the configured person, or null for anyone unknown.</summary>
public sealed class PersonDirectory(IOptionsMonitor<PeopleOptions> options)
{
    public Person? Resolve(ChatUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        foreach (var person in options.CurrentValue.People)
        {
            if (person.Identities().Any(i => i.Platform == user.Platform
                && string.Equals(i.Identity.Tenant, user.TenantId, StringComparison.Ordinal)
                && string.Equals(i.Identity.User, user.UserId, StringComparison.Ordinal)))
            {
                return new Person(person.Name, person.Roles.ToHashSet());
            }
        }

        return null;
    }
}
