using System.CommandLine;
using System.Text.Json;
using MailHa.Bot.Approvals;
using MailHa.Bot.Chat;
using MailHa.Bot.Pipeline;
using MailHa.Bot.UseCases;

namespace MailHa.Bot.Cli;

/// <summary><c>mailha mirror run</c> (one run now, same guards) and <c>mailha mirror history</c>.</summary>
public static class MirrorCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Machine-readable output." };
    private static readonly Option<bool> Yes = new("--yes") { Description = "Do not ask for the active node's name (scripts)." };
    private static readonly Option<int> Limit = new("--limit") { Description = "How many runs to show.", DefaultValueFactory = _ => 20 };

    public static Command Create()
    {
        var mirror = new Command("mirror", "The msgstore mirror (active → standby over rsync).");
        var service = OperationCommand.Service;
        var run = new Command("run", "Run the mirror once now, with every guard. Exit 1 when it fails or is refused.") { service, Json };
        run.SetAction((parse, ct) => MailHaCommandLine.WithHostAsync(parse, host => Parsed(host, host.Services.GetRequiredService<MirrorRunUseCase>(), parse) is not { } request
            ? Task.FromResult(CliExit.Usage)
            : SubmitAsync(host, host.Services.GetRequiredService<MirrorRunUseCase>(), request, parse.GetValue(Json), ct)));
        var history = new Command("history", "Recent mirror runs from the journal (of every service when none is named).") { service, Json, Limit };
        history.SetAction((parse, ct) => MailHaCommandLine.WithHostAsync(parse, host => HistoryAsync(host, parse, parse.GetValue(Limit), parse.GetValue(Json), ct)));
        var pause = new Command("pause", "Pause the recurring mirror (a new role generation).") { service };
        pause.SetAction((parse, ct) => MailHaCommandLine.WithHostAsync(parse, host => Parsed(host, host.Services.GetRequiredService<MirrorPauseUseCase>(), parse) is not { } request
            ? Task.FromResult(CliExit.Usage)
            : SubmitAsync(host, host.Services.GetRequiredService<MirrorPauseUseCase>(), request, json: false, ct)));
        var resume = new Command("resume", "Set the mirror direction to the recorded roles (active → standby) and resume it; asks for the active node's name.") { service, Yes };
        resume.SetAction((parse, ct) => MailHaCommandLine.WithHostAsync(parse, host => Parsed(host, host.Services.GetRequiredService<MirrorResumeUseCase>(), parse) is not { } request
            ? Task.FromResult(CliExit.Usage)
            : SubmitAsync(
            host,
            host.Services.GetRequiredService<MirrorResumeUseCase>(),
            request,
            json: false,
            ct,
            preview => parse.GetValue(Yes)
                ? Task.FromResult(preview.ConfirmWord)
                : OperationCommand.AskAsync(preview, $"the active node's name ({preview.ConfirmWord}): its store will be mirrored over the standby with --delete"))));
        mirror.Subcommands.Add(run);
        mirror.Subcommands.Add(pause);
        mirror.Subcommands.Add(resume);
        mirror.Subcommands.Add(history);
        return mirror;
    }

    /// <summary>
    /// Run, pause and resume go through the pipeline as the command line's own identity, audited like chat; resume,
    /// which chat has a second person approve, is confirmed here by typing (<paramref name="confirm"/>).
    /// </summary>
    private static async Task<int> SubmitAsync(IHost host, IUseCase useCase, OperatorRequest request, bool json, CancellationToken cancellationToken, Func<ApprovalPreview, Task<string?>>? confirm = null)
    {
        var reply = await OperationCommand.Submit(host, useCase, request, json ? CliConversation.Silent : new CliConversation(Console.Out), confirm ?? (_ => Task.FromResult<string?>(null)), cancellationToken);
        return await OperationCommand.ReportAsync(reply, json);
    }

    /// <summary>The command's request, its <c>--service</c> read as the chat's SERVICE by the use case's own parser; null after printing why not.</summary>
    private static OperatorRequest? Parsed(IHost host, IUseCase useCase, ParseResult parse)
    {
        var parsed = useCase.Parse(parse.GetValue(OperationCommand.Service) is { } service ? [service] : []);
        if (parsed is Request { Value: var request })
        {
            return request;
        }

        Console.Error.WriteLine(parsed is Invalid invalid ? invalid.Reason.Describe() : "unexpected arguments");
        return null;
    }

    private static async Task<int> HistoryAsync(IHost host, ParseResult parse, int limit, bool json, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 10_000)
        {
            await Console.Error.WriteLineAsync("--limit must be between 1 and 10000.");
            return CliExit.Usage;
        }

        if (Parsed(host, host.Services.GetRequiredService<MirrorHistoryUseCase>(), parse) is not MirrorHistoryRequest asked)
        {
            return CliExit.Usage;
        }

        if (await OperationCommand.ReadAsync(host, host.Services.GetRequiredService<MirrorHistoryUseCase>(), asked with { Limit = limit }, cancellationToken) is not ReplyResult.MirrorHistoryRead { Runs: var runs })
        {
            return CliExit.Failed;
        }

        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(runs, CliJson.Options));
            return CliExit.Ok;
        }

        if (runs.Count == 0)
        {
            Console.WriteLine("No mirror runs recorded yet.");
        }

        foreach (var run in runs)
        {
            Console.WriteLine($"#{run.Id,-5} {run.StartedAt:yyyy-MM-dd HH:mm:ss}Z  {run.Trigger,-16} {run.Describe()}");
        }

        return CliExit.Ok;
    }
}
