using System.CommandLine;
using System.Text.Json;
using MailHa.Bot.Chat;
using MailHa.Bot.Pipeline;
using MailHa.Bot.UseCases;
using MailHa.Operations.Audit;

namespace MailHa.Bot.Cli;

/// <summary><c>mailha audit</c> (recent entries) and <c>mailha audit verify</c> (walk the hash chain).</summary>
public static class AuditCommand
{
    private static readonly Option<bool> Json = new("--json") { Description = "Machine-readable output." };
    private static readonly Option<int> Limit = new("--limit") { Description = "How many entries.", DefaultValueFactory = _ => 50 };
    private static readonly Option<string?> Head = new("--head")
    {
        Description = "A head kept earlier (SEQ:HASH, as posted daily, in each operation's final message and with the heartbeat): the chain must still extend it.",
    };

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
        var verify = new Command("verify", "Check that no entry was altered or removed, and that the chain still extends a kept head (exit 1 if not).") { Head };
        verify.SetAction(async (parse, ct) =>
        {
            // Bad input is refused before anything is opened.
            var text = parse.GetValue(Head);
            var kept = AuditHead.Parse(text);
            if (text is not null && kept is null)
            {
                await Console.Error.WriteLineAsync($"--head must be {AuditHead.Format}, e.g. 1234:9f86d081…; got '{InputBounds.Truncate(text)}'.");
                return CliExit.Usage;
            }

            return await MailHaCommandLine.WithHostAsync(parse, async host =>
            {
                var result = await host.Services.GetRequiredService<AuditLog>().VerifyAsync(kept, ct);
                Console.WriteLine(result.Intact ? $"OK: {result.Message}" : $"TAMPERED: {result.Message}");
                return result.Intact ? CliExit.Ok : CliExit.Failed;
            });
        });
        audit.Subcommands.Add(verify);
        return audit;
    }
}
