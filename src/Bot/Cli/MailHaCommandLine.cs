using System.CommandLine;
using MailHa.Bot.Hosting;
using MailHa.Bot.UseCases;
using MailHa.Operations.Failover;
using MailHa.Operations.Journal;
using Microsoft.Extensions.Options;

namespace MailHa.Bot.Cli;

/// <summary>The <c>mailha</c> command line: <c>serve</c> (default) and the operator verbs.</summary>
public static class MailHaCommandLine
{
    public static readonly Option<string?> Config = new("--config")
    {
        Description = "JSON configuration file (after appsettings.json, before MailHa__ environment variables). Default: $MAILHA_CONFIG.",
        Recursive = true,
    };

    private const string ServeVerb = "serve";

    public static RootCommand Create()
    {
        var root = new RootCommand("MailHa: manual HA for a two-node mail system, from chat or this command line.");
        root.Options.Add(Config);
        var serve = new Command(ServeVerb, "Run the bot host (the default).");
        serve.SetAction(RunServeAsync);
        root.SetAction(RunServeAsync);
        root.Subcommands.Add(serve);
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(StatusCommand.Create());
        root.Subcommands.Add(MirrorCommand.Create());
        root.Subcommands.Add(OperationCommand.Create<FailoverUseCase>(OperationKind.Failover, "Unplanned: move the VIP to the standby (fence, final sync where possible, verify, raise)."));
        root.Subcommands.Add(OperationCommand.Create<SwitchoverUseCase>(OperationKind.Switchover, "Planned, both nodes up: fence, final sync, move the VIP: zero mail lost."));
        root.Subcommands.Add(OperationCommand.Create<FailbackUseCase>(OperationKind.Failback, "Back to the original primary after a failover, after a reverse sync."));
        root.Subcommands.Add(NodeMoveCommand.Create<EvacuateUseCase>(OperationKind.Switchover, "Maintenance: switch every service active on the node over to its next node, one after another."));
        root.Subcommands.Add(NodeMoveCommand.Create<RestoreUseCase>(OperationKind.Failback, "After maintenance: fail back every service homed on the node that runs elsewhere."));
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(IncidentCommand.Create());
        root.Subcommands.Add(ManifestCommand.Create());
        return root;
    }

    /// <summary>
    /// Before the command runs (and .NET's signal handling starts): <c>serve</c> stops cleanly on SIGINT even when it
    /// was started with SIGINT ignored (<see cref="InterruptSignal"/>). The operator verbs keep an inherited ignore: a
    /// failover started in the background of a script is not stopped half-way by a Ctrl-C meant for the foreground.
    /// </summary>
    public static void PrepareSignals(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var command = parse.CommandResult.Command;
        if (command is RootCommand || command.Name == ServeVerb)
        {
            InterruptSignal.Restore();
        }
    }

    /// <summary>
    /// Builds the verb host, turning bad configuration into a clear message and exit code 2.
    /// </summary>
    public static async Task<int> WithHostAsync(ParseResult parse, Func<IHost, Task<int>> run)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(run);
        IHost host;
        try
        {
            host = CliHost.Build(parse.GetValue(Config));
        }
        catch (Exception e) when (e is OptionsValidationException or FileNotFoundException or InvalidDataException or FormatException)
        {
            await Console.Error.WriteLineAsync(DescribeConfigurationError(e));
            return CliExit.Usage;
        }

        using (host)
        {
            try
            {
                return await run(host);
            }
            catch (JournalSchemaException e)
            {
                await Console.Error.WriteLineAsync(DescribeConfigurationError(e));
                return CliExit.Usage;
            }
        }
    }

    public static string DescribeConfigurationError(Exception e) => e switch
    {
        OptionsValidationException v => "Invalid configuration:\n  " + string.Join("\n  ", v.Failures),
        JournalSchemaException => e.Message,
        _ => $"Invalid configuration: {e.Message}",
    };

    private static async Task<int> RunServeAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        WebApplication app;
        try
        {
            app = BotHost.Build(parse.GetValue(Config));
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or FormatException)
        {
            await Console.Error.WriteLineAsync(DescribeConfigurationError(e));
            return CliExit.Usage;
        }

        try
        {
            await app.RunAsync(cancellationToken);
            return CliExit.Ok;
        }
        catch (Exception e) when (e is OptionsValidationException or JournalSchemaException)
        {
            await Console.Error.WriteLineAsync(DescribeConfigurationError(e));
            return CliExit.Usage;
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
