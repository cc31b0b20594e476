using Microsoft.Extensions.Options;

namespace MailHa.Bot.People;

/// <summary>Names unique, every identity complete, no account mapped to two people.</summary>
public sealed class PeopleOptionsValidator : IValidateOptions<PeopleOptions>
{
    public ValidateOptionsResult Validate(string? name, PeopleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var accounts = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < options.People.Count; i++)
        {
            var person = options.People[i];
            if (string.IsNullOrWhiteSpace(person.Name))
            {
                failures.Add($"MailHa:People:{i}:Name: required.");
            }
            else if (!names.Add(person.Name))
            {
                failures.Add($"MailHa:People:{i}:Name: '{person.Name}' is listed twice.");
            }

            foreach (var (platform, identity) in person.Identities())
            {
                if (string.IsNullOrWhiteSpace(identity.Tenant) || string.IsNullOrWhiteSpace(identity.User))
                {
                    failures.Add($"MailHa:People:{i}:{platform}: every account needs Tenant and User.");
                    continue;
                }

                var key = $"{platform}/{identity.Tenant}/{identity.User}";
                if (accounts.TryGetValue(key, out var other) && other != person.Name)
                {
                    failures.Add($"MailHa:People:{i}:{platform}: account {identity.Tenant}/{identity.User} already belongs to '{other}'.");
                }

                accounts[key] = person.Name;
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
