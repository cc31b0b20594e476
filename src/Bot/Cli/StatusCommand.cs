using System.CommandLine;
using System.Text.Json;
using MailHa.Bot.Chat;
using MailHa.Bot.UseCases;
using MailHa.Operations.Status;

namespace MailHa.Bot.Cli;

/// <summary><c>mailha status</c>: VIP holder, both nodes, the mirror, replication, the running operation; through the pipeline, as chat's status.</summary>
public static class StatusCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Machine-readable output." };

    public static Command Create()
    {
        var command = new Command("status", "Who holds the VIP, both nodes' health, the mirror, directory replication.") { Json };
        command.SetAction((parse, ct) => MailHaCommandLine.WithHostAsync(parse, async host =>
        {
            if (await OperationCommand.ReadAsync(host, host.Services.GetRequiredService<StatusUseCase>(), new StatusRequest(), ct) is not ReplyResult.StatusRead { Report: var report })
            {
                return CliExit.Failed;
            }

            Console.Write(parse.GetValue(Json) ? JsonSerializer.Serialize(report, CliJson.Options) + "\n" : StatusText.Format(report));
            return CliExit.Ok;
        }));
        return command;
    }
}
