namespace MailHa.Bot.Commands;

/// <summary>Where a person or message lives. The local console is a channel like the others.</summary>
public enum ChatPlatform
{
    Slack,
    Teams,
    Console,
}
