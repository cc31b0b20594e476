namespace MailHa.Bot.People;

/// <summary>A resolved person: one human across platforms, with their roles.</summary>
public sealed record Person(string Name, IReadOnlySet<PersonRole> Roles)
{
    public bool May(PersonRole role) => Roles.Contains(role);

    public override string ToString() => Name;
}
