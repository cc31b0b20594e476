using MailHa.Bot.Approvals;
using MailHa.Bot.People;
using MailHa.Bot.UseCases;
using MailHa.Operations;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Hosting;

/// <summary>
/// The service container for operator verbs (<c>status</c>, <c>mirror run</c>, <c>failover</c>...):
/// the same configuration and registrations as the bot, without the web host.
/// </summary>
public static class CliHost
{
    /// <param name="configPath">The configuration file (<c>--config</c>).</param>
    public static IHost Build(string? configPath)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory });
        MailHaConfiguration.AddConfigFile(builder.Configuration, configPath);
        // Verbs print their own results on stdout; only warnings and errors are logged, to stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddFilter(level => level >= LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddMailHaOperations();

        builder.Services.AddPeople();
        builder.Services.AddApprovals();
        builder.Services.AddUseCases();
        var host = builder.Build();

        // Verbs do not start the host, so run the start-up validation ourselves: bad keys fail here.
        host.Services.GetRequiredService<IStartupValidator>().Validate();
        return host;
    }
}
