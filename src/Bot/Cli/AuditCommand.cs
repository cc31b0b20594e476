using System.CommandLine;
using System.Text.Json;
using MailHa.Bot.Chat;
using MailHa.Bot.UseCases;
using MailHa.Operations.Audit;

namespace MailHa.Bot.Cli;

/// <summary><c>mailha audit</c> (recent entries) and <c>mailha audit verify</c> (walk the hash chain).</summary>
public static class AuditCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Machine-readable output." };
    private static readonly Option<int> Limit = new("--limit") { Description = "How many entries.", DefaultValueFactory = _ => 50 };

    public static Command Create()
    {
        var audit = new Command("audit", "The append-only audit trail.") { Json, Limit };
        audit.SetAction((parse, ct) => MailHaCommandLine.WithHostAsync(parse, async host =>
        {
            var limit = parse.GetValue(Limit);
            if (limit is < 1 or > 100_000)
            {
                await Console.Error.WriteLineAsync("--limit must be between 1 and 100000.");
                return CliExit.Usage;
            }

            if (await OperationCommand.ReadAsync(host, host.Services.GetRequiredService<AuditUseCase>(), new AuditRequest(limit), ct) is not ReplyResult.AuditRead { Entries: var entries })
            {
                return CliExit.Failed;
            }

            if (parse.GetValue(Json))
            {
                Console.WriteLine(JsonSerializer.Serialize(entries, CliJson.Options));
                return CliExit.Ok;
            }

            foreach (var e in entries.Reverse())
            {
                Console.WriteLine($"#{e.Seq,-5} {e.At:yyyy-MM-dd HH:mm:ss}Z {e.Actor} [{e.Platform}] {e.Action} {e.Subject}: {e.Outcome}{(e.Detail.Length > 0 ? " — " + e.Detail : "")}");
            }

            return CliExit.Ok;
        }));
        var verify = new Command("verify", "Check that no entry was altered or removed (exit 1 if the chain is broken).");
        verify.SetAction((parse, ct) => MailHaCommandLine.WithHostAsync(parse, async host =>
        {
            var result = await host.Services.GetRequiredService<AuditLog>().VerifyAsync(ct);
            Console.WriteLine(result.Intact ? $"OK: {result.Message}" : $"TAMPERED: {result.Message}");
            return result.Intact ? CliExit.Ok : CliExit.Failed;
        }));
        audit.Subcommands.Add(verify);
        return audit;
    }
}
