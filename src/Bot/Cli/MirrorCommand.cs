using System.CommandLine;
using System.Text.Json;
using MailHa.Operations.Mirror;

namespace MailHa.Bot.Cli;

/// <summary><c>mailha mirror run</c> (one run now, same guards) and <c>mailha mirror history</c>.</summary>
public static class MirrorCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Machine-readable output." };
    private static readonly Option<int> Limit = new("--limit") { Description = "How many runs to show.", DefaultValueFactory = _ => 20 };

    public static Command Create()
    {
        var mirror = new Command("mirror", "The msgstore mirror (active → standby over rsync).");
        var run = new Command("run", "Run the mirror once now, with every guard. Exit 1 when it fails or is refused.") { Json };
        run.SetAction((parse, ct) => MailHaCommandLine.WithHostAsync(parse, host => RunAsync(host, parse.GetValue(Json), ct)));
        var history = new Command("history", "Recent mirror runs from the journal.") { Json, Limit };
        history.SetAction((parse, ct) => MailHaCommandLine.WithHostAsync(parse, host => HistoryAsync(host, parse.GetValue(Limit), parse.GetValue(Json), ct)));
        var pause = new Command("pause", "Pause the recurring mirror (a new role generation).");
        pause.SetAction((parse, ct) => MailHaCommandLine.WithHostAsync(parse, host => ChangeAsync(host, pause: true, ct)));
        var resume = new Command("resume", "Set the mirror direction to the recorded roles (active → standby) and resume it.");
        resume.SetAction((parse, ct) => MailHaCommandLine.WithHostAsync(parse, host => ChangeAsync(host, pause: false, ct)));
        mirror.Subcommands.Add(run);
        mirror.Subcommands.Add(pause);
        mirror.Subcommands.Add(resume);
        mirror.Subcommands.Add(history);
        return mirror;
    }

    private static async Task<int> RunAsync(IHost host, bool json, CancellationToken cancellationToken)
    {
        var runner = host.Services.GetRequiredService<MirrorRunner>();
        var run = await runner.RunAsync(new MirrorRequest($"cli:{Environment.UserName}"), cancellationToken);
        Console.WriteLine(json ? JsonSerializer.Serialize(run, CliJson.Options) : run.Describe());
        return run.IsGood ? CliExit.Ok : CliExit.Failed;
    }

    private static async Task<int> ChangeAsync(IHost host, bool pause, CancellationToken cancellationToken)
    {
        var control = host.Services.GetRequiredService<MirrorControl>();
        var by = $"cli:{Environment.UserName}";
        var result = pause
            ? await control.PauseAsync(by, "paused by operator", cancellationToken)
            : await control.ResumeAsync(by, cancellationToken);
        await host.Services.GetRequiredService<Operations.Audit.AuditLog>().AppendAsync(
            new Operations.Audit.AuditRecord(by, "cli", pause ? "mirror-pause" : "mirror-resume", "mirror", result.Succeeded ? "done" : "refused", result.Describe()), cancellationToken);
        Console.WriteLine(result.Describe());
        return result.Succeeded ? CliExit.Ok : CliExit.Failed;
    }

    private static async Task<int> HistoryAsync(IHost host, int limit, bool json, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 10_000)
        {
            await Console.Error.WriteLineAsync("--limit must be between 1 and 10000.");
            return CliExit.Usage;
        }

        var runs = await host.Services.GetRequiredService<MirrorHistory>().RecentAsync(limit, cancellationToken);
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
