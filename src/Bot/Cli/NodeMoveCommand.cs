using System.CommandLine;
using MailHa.Bot.Chat;
using MailHa.Bot.Pipeline;
using MailHa.Bot.UseCases;
using MailHa.Operations.Failover;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Cli;

/// <summary>
/// <c>mailha evacuate --node NODE</c> and <c>mailha restore --node NODE</c>: node maintenance through the same pipeline,
/// plan and audit trail as chat; the second person is replaced by typing the node's name (or <c>--yes</c>).
/// </summary>
public static class NodeMoveCommand
{
    private static readonly Option<string> Node = new("--node") { Description = "The node to evacuate or restore.", Required = true };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Print what would move where and the capacity check. Changes nothing." };
    private static readonly Option<bool> Yes = new("--yes") { Description = "Do not ask for the node's name (scripts)." };
    private static readonly Option<bool> Json = new("--json") { Description = "Machine-readable plan or report." };
    private static readonly Option<bool> AcceptOverCapacity = new("--accept-over-capacity") { Description = "Go on even if a target node would run more services than its capacity allows." };

    public static Command Create<TUseCase>(OperationKind kind, string description)
        where TUseCase : NodeMoveUseCase
    {
        var verb = kind == OperationKind.Failback ? "restore" : "evacuate";
        var command = new Command(verb, description) { Node, DryRun, Yes, Json, AcceptOverCapacity };
        command.SetAction((parse, ct) => MailHaCommandLine.WithHostAsync(parse, async host =>
        {
            // The command line's options read as the chat's words, so both are checked by one parser.
            List<string> arguments = [parse.GetValue(Node) ?? ""];
            if (parse.GetValue(AcceptOverCapacity))
            {
                arguments.Add("--accept-over-capacity");
            }

            var parsed = NodeMoveUseCase.ParseArguments(arguments, kind, host.Services.GetRequiredService<MailTopology>());
            if (parsed is not Request { Value: NodeMoveRequest request })
            {
                await Console.Error.WriteLineAsync(((Invalid)parsed).Reason.Describe());
                return CliExit.Usage;
            }

            var json = parse.GetValue(Json);
            if (parse.GetValue(DryRun))
            {
                var preview = await OperationCommand.Submit(host, host.Services.GetRequiredService<NodeMoveDryRunUseCase>(), new NodeMoveDryRunRequest(request), CliConversation.Silent, _ => Task.FromResult<string?>(null), ct);
                await OperationCommand.ReportAsync(preview, json);
                return preview.Result is ReplyResult.NodeMovesPreviewed { Plan.Refusal: null } ? CliExit.Ok : CliExit.Failed;
            }

            var reply = await OperationCommand.Submit(
                host,
                host.Services.GetRequiredService<TUseCase>(),
                request,
                json ? CliConversation.Silent : new CliConversation(Console.Out),
                preview => parse.GetValue(Yes) ? Task.FromResult(preview.ConfirmWord) : OperationCommand.AskAsync(preview, $"the node's name ({preview.ConfirmWord}) to {verb} it"),
                ct);
            return await OperationCommand.ReportAsync(reply, json);
        }));
        return command;
    }
}
