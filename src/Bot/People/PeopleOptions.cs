namespace MailHa.Bot.People;

/// <summary>Who may do what, by platform id (never display name). Bound from <c>MailHa:People</c> (a list).</summary>
public sealed class PeopleOptions
{
    public const string Section = "MailHa";

    public List<PersonOptions> People { get; set; } = [];
}
