using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.People;
using MailHa.Bot.Pipeline;
using MailHa.Bot.UseCases;
using MailHa.Operations.Failover;
using MailHa.Operations.Topology;

namespace MailHa.Bot.Cli;

/// <summary>
/// Break-glass <c>mailha failover|switchover|failback</c> for when chat is down: the same pipeline, plan and audit
/// trail as chat, as the operating-system user; the second person is replaced by typing the target node's name
/// (or <c>--yes</c>).
/// </summary>
public static class OperationCommand
{
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Print the plan, the commands per node and what each check finds now. Changes nothing." };
    private static readonly Option<bool> Yes = new("--yes") { Description = "Do not ask for the target's name (scripts)." };
    private static readonly Option<bool> Json = new("--json") { Description = "Machine-readable plan or report." };
    private static readonly Option<bool> PrimaryDown = new("--primary-down") { Description = "Acknowledge that the active node is down (needed when it cannot be reached)." };
    private static readonly Option<bool> AcceptSyncFailure = new("--accept-sync-failure") { Description = "Go on even if the final mirror run fails (mail since the last good run is lost)." };
    private static readonly Option<bool> AcceptBrokenReplication = new("--accept-broken-replication") { Description = "Go on even if directory replication is broken." };
    private static readonly Option<bool> AcceptOverCapacity = new("--accept-over-capacity") { Description = "Go on even if the target node already runs as many services as its capacity allows." };
    private static readonly Option<string?> To = new("--to") { Description = "The node to move the service to (one of its nodes); default: the next reachable one in its list with room." };

    /// <summary><c>--service NAME</c>: which service an operation or mirror command acts on; may be left out only when there is one.</summary>
    public static readonly Option<string?> Service = new("--service") { Description = "The service to act on (may be left out when only one is configured)." };

    public static Command Create<TUseCase>(OperationKind kind, string description)
        where TUseCase : VipOperationUseCase
    {
        var command = new Command(kind.ToString().ToLowerInvariant(), description) { Service, To, DryRun, Yes, Json, PrimaryDown, AcceptSyncFailure, AcceptBrokenReplication, AcceptOverCapacity };
        command.SetAction((parse, ct) => MailHaCommandLine.WithHostAsync(parse, async host =>
        {
            // The command line's options read as the chat's words, so both are checked by one parser.
            var arguments = new List<string>();
            if (parse.GetValue(Service) is { } service)
            {
                arguments.Add(service);
            }

            if (parse.GetValue(To) is { } to)
            {
                arguments.AddRange(["--to", to]);
            }

            foreach (var (option, flag) in new[] { (PrimaryDown, "--primary-down"), (AcceptSyncFailure, "--accept-sync-failure"), (AcceptBrokenReplication, "--accept-broken-replication"), (AcceptOverCapacity, "--accept-over-capacity") })
            {
                if (parse.GetValue(option))
                {
                    arguments.Add(flag);
                }
            }

            var parsed = VipOperationUseCase.ParseArguments(arguments, kind, host.Services.GetRequiredService<MailTopology>());
            if (parsed is not Request { Value: VipOperationRequest request })
            {
                await Console.Error.WriteLineAsync(((Invalid)parsed).Reason.Describe());
                return CliExit.Usage;
            }

            return parse.GetValue(DryRun)
                ? await DryRunAsync(host, request, parse.GetValue(Json), ct)
                : await RunAsync(host, host.Services.GetRequiredService<TUseCase>(), request, parse, ct);
        }));
        return command;
    }

    private static async Task<int> DryRunAsync(IHost host, VipOperationRequest asked, bool json, CancellationToken cancellationToken)
    {
        var reply = await Submit(host, host.Services.GetRequiredService<DryRunUseCase>(), new DryRunRequest(asked.Kind, asked.Service, asked.To, asked.Overrides.OverCapacity ? new FailoverOverrides(OverCapacity: true) : null), CliConversation.Silent, _ => Task.FromResult<string?>(null), cancellationToken);
        if (reply.Result is not ReplyResult.Planned { Plan: var plan })
        {
            await CliConversation.PrintAsync(Console.Error, reply.Message);
            return CliExit.Failed;
        }

        Console.Write(json ? JsonSerializer.Serialize(plan, CliJson.Options) + "\n" : PlanText.Format(plan));
        return plan.Refusal is null ? CliExit.Ok : CliExit.Failed;
    }

    private static async Task<int> RunAsync(IHost host, VipOperationUseCase useCase, VipOperationRequest request, ParseResult parse, CancellationToken cancellationToken)
    {
        var json = parse.GetValue(Json);
        var kind = request.Kind;
        var reply = await Submit(
            host,
            useCase,
            request,
            json ? CliConversation.Silent : new CliConversation(Console.Out),
            preview => parse.GetValue(Yes) ? Task.FromResult(preview.ConfirmWord) : AskAsync(preview, $"the target node's name ({preview.ConfirmWord}) to run this {kind.ToString().ToLowerInvariant()}"),
            cancellationToken);
        return await ReportAsync(reply, json);
    }

    /// <summary>Prints what the pipeline answered and turns it into the exit code.</summary>
    internal static async Task<int> ReportAsync(ChatReply reply, bool json)
    {
        ArgumentNullException.ThrowIfNull(reply);
        switch (reply.Outcome)
        {
            case ReplyOutcome.NotConfirmed:
                await Console.Error.WriteLineAsync("Not confirmed: nothing was changed.");
                return CliExit.Usage;
            case ReplyOutcome.Refused or ReplyOutcome.JournalUnreachable:
                await CliConversation.PrintAsync(Console.Error, reply.Message);
                return CliExit.Failed;
        }

        switch (reply.Result)
        {
            case { } result when json:
                Console.WriteLine(JsonText(result));
                break;
            case ReplyResult.Operated { Report: var report }:
                Console.Write("\n" + FailoverReportText.Format(report));
                break;
            default:
                await CliConversation.PrintAsync(Console.Out, reply.Message);
                break;
        }

        return reply.Outcome is ReplyOutcome.Failed ? CliExit.Failed : CliExit.Ok;
    }

    /// <summary>A result as <c>--json</c> prints it: the report, run, plan or list itself, as its own type writes it.</summary>
    private static string JsonText(ReplyResult result) => result switch
    {
        ReplyResult.Planned planned => Serialize(planned.Plan),
        ReplyResult.Operated operated => Serialize(operated.Report),
        ReplyResult.Mirrored mirrored => Serialize(mirrored.Run),
        ReplyResult.MirrorControlled controlled => Serialize(controlled.Control),
        ReplyResult.StatusRead status => Serialize(status.Report),
        ReplyResult.MirrorHistoryRead history => Serialize(history.Runs),
        ReplyResult.AuditRead audit => Serialize(audit.Entries),
        ReplyResult.NodeMoved moved => Serialize(moved.Outcome),
        ReplyResult.NodeMovesPreviewed previewed => Serialize(previewed.Plan),
        _ => throw new UnreachableException(),
    };

    /// <summary>A read (status, history, audit) through the pipeline as the command line's identity: its typed result, or null after printing why not.</summary>
    internal static async Task<ReplyResult?> ReadAsync(IHost host, IUseCase useCase, OperatorRequest request, CancellationToken cancellationToken)
    {
        var reply = await Submit(host, useCase, request, CliConversation.Silent, _ => Task.FromResult<string?>(null), cancellationToken);
        if (reply.Result is { } result)
        {
            return result;
        }

        await CliConversation.PrintAsync(Console.Error, reply.Message);
        return null;
    }

    /// <summary>As before results were typed: the value's own runtime type decides what is written (a mirror control's case, say).</summary>
    private static string Serialize(object value) => JsonSerializer.Serialize(value, value.GetType(), CliJson.Options);

    internal static Task<ChatReply> Submit(IHost host, IUseCase useCase, OperatorRequest request, IChatConversation conversation, Func<ApprovalPreview, Task<string?>> confirm, CancellationToken cancellationToken) =>
        host.Services.GetRequiredService<ChatPipeline>().SubmitAsync(Caller.CommandLine(Environment.UserName), useCase, request, conversation, confirm, cancellationToken);

    /// <summary>The second person of the command line: what would happen, then the word to type (<paramref name="what"/> says which and why).</summary>
    internal static async Task<string?> AskAsync(ApprovalPreview preview, string what)
    {
        ArgumentNullException.ThrowIfNull(preview);
        await CliConversation.PrintAsync(Console.Out, new ChatMessage(preview.Title, preview.Sections, []));
        Console.Write($"\nType {what}: ");
        return Console.ReadLine();
    }
}
