using System.CommandLine;
using MailHa.Bot.Incidents;
using MailHa.Bot.Pipeline;

namespace MailHa.Bot.Cli;

/// <summary><c>mailha incident [ID] [--markdown]</c>: an incident's timeline from the audit trail, as lines or as Markdown for the review.</summary>
public static class IncidentCommand
{
    private static readonly Argument<string?> Id = new("ID")
    {
        Description = "An operation's id (failover-20261126-004800-1a2b) or an outage's name (outage-mail1-20261126-004500); the latest incident without one.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    private static readonly Option<bool> Markdown = new("--markdown") { Description = "Markdown for the post-incident review." };

    public static Command Create()
    {
        var command = new Command("incident", "An incident's timeline: outage, page, request, approval, each step, time to restore (each line cites its audit entry).") { Id, Markdown };
        command.SetAction((parse, ct) => MailHaCommandLine.WithHostAsync(parse, async host =>
        {
            var id = parse.GetValue(Id);
            var (stdout, stderr) = (parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
            if (await host.Services.GetRequiredService<IncidentRecords>().FindAsync(id, ct) is not { } timeline)
            {
                await stderr.WriteLineAsync(id is null
                    ? "No incident: no operation has run and no outage was declared yet."
                    : $"No operation or outage '{InputBounds.Truncate(id)}' was recorded.");
                return CliExit.Failed;
            }

            await stdout.WriteAsync(parse.GetValue(Markdown) ? IncidentText.Markdown(timeline) : $"{IncidentText.Title(timeline)}\n{IncidentText.Lines(timeline)}\n");
            return CliExit.Ok;
        }));
        return command;
    }
}
