using MailHa.Bot.Cli;

namespace MailHa.Bot;

public static class Program
{
    public static Task<int> Main(string[] args) => MailHaCommandLine.Create().Parse(args).InvokeAsync();
}
