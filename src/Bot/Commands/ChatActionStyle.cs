namespace MailHa.Bot.Commands;

public enum ChatActionStyle
{
    Default,
    Primary,
    Danger,
}
