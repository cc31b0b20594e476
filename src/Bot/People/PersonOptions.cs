using System.ComponentModel.DataAnnotations;
using MailHa.Bot.Chat;

namespace MailHa.Bot.People;

/// <summary>One human, with every platform account they use, and their roles.</summary>
public sealed class PersonOptions
{
    [Required]
    public string Name { get; set; } = "";

    public List<PersonRole> Roles { get; set; } = [];

    public List<PlatformIdentity> Slack { get; set; } = [];

    public List<PlatformIdentity> Teams { get; set; } = [];

    public List<PlatformIdentity> Console { get; set; } = [];

    public IEnumerable<(ChatPlatform Platform, PlatformIdentity Identity)> Identities() =>
        Slack.Select(i => (ChatPlatform.Slack, i))
            .Concat(Teams.Select(i => (ChatPlatform.Teams, i)))
            .Concat(Console.Select(i => (ChatPlatform.Console, i)));
}
