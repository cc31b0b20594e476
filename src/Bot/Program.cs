using MailHa.Bot.Cli;

namespace MailHa.Bot;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var parse = MailHaCommandLine.Create().Parse(args);
        MailHaCommandLine.PrepareSignals(parse);
        return parse.InvokeAsync();
    }
}
