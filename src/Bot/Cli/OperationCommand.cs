using System.CommandLine;
using System.Text.Json;
using MailHa.Operations.Audit;
using MailHa.Operations.Failover;

namespace MailHa.Bot.Cli;

/// <summary>
/// Break-glass <c>mailha failover|switchover|failback</c> for when chat is down: the same plan as the
/// bot, confirmed by typing the target node's name (or <c>--yes</c>), recorded in the same audit trail.
/// </summary>
public static class OperationCommand
{
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Print the plan, the commands per node and what each check finds now. Changes nothing." };
    private static readonly Option<bool> Yes = new("--yes") { Description = "Do not ask for the target's name (scripts)." };
    private static readonly Option<bool> Json = new("--json") { Description = "Machine-readable plan or report." };
    private static readonly Option<bool> PrimaryDown = new("--primary-down") { Description = "Acknowledge that the active node is down (needed when it cannot be reached)." };
    private static readonly Option<bool> AcceptSyncFailure = new("--accept-sync-failure") { Description = "Go on even if the final mirror run fails (mail since the last good run is lost)." };
    private static readonly Option<bool> AcceptBrokenReplication = new("--accept-broken-replication") { Description = "Go on even if directory replication is broken." };

    public static Command Create(OperationKind kind)
    {
        var name = kind.ToString().ToLowerInvariant();
        var description = kind switch
        {
            OperationKind.Failover => "Unplanned: move the VIP to the standby (fence, final sync where possible, verify, raise).",
            OperationKind.Switchover => "Planned, both nodes up: fence, final sync, move the VIP: zero mail lost.",
            _ => "Back to the original primary after a failover, after a reverse sync.",
        };
        var command = new Command(name, description) { DryRun, Yes, Json, PrimaryDown, AcceptSyncFailure, AcceptBrokenReplication };
        command.SetAction((parse, ct) => MailHaCommandLine.WithHostAsync(parse, host => RunAsync(host, kind, parse, ct)));
        return command;
    }

    private static async Task<int> RunAsync(IHost host, OperationKind kind, ParseResult parse, CancellationToken cancellationToken)
    {
        var engine = host.Services.GetRequiredService<FailoverEngine>();
        var json = parse.GetValue(Json);
        var plan = await engine.PlanAsync(kind, cancellationToken);
        if (parse.GetValue(DryRun))
        {
            Console.Write(json ? JsonSerializer.Serialize(plan, CliJson.Options) + "\n" : PlanText.Format(plan));
            return plan.Refusal is null ? CliExit.Ok : CliExit.Failed;
        }

        var operator_ = $"cli:{Environment.UserName}";
        var audit = host.Services.GetRequiredService<AuditLog>();
        if (!parse.GetValue(Yes))
        {
            Console.Write(PlanText.Format(plan));
            Console.Write($"\nType the target node's name ({plan.Target}) to run this {kind.ToString().ToLowerInvariant()}: ");
            var typed = Console.ReadLine()?.Trim();
            if (!string.Equals(typed, plan.Target.Value, StringComparison.OrdinalIgnoreCase))
            {
                await audit.AppendAsync(new AuditRecord(operator_, "cli", "request", $"{kind} to {plan.Target}", "not confirmed", $"typed '{typed}'"), cancellationToken);
                await Console.Error.WriteLineAsync("Not confirmed: nothing was changed.");
                return CliExit.Usage;
            }
        }

        var overrides = new FailoverOverrides(parse.GetValue(PrimaryDown), parse.GetValue(AcceptSyncFailure), parse.GetValue(AcceptBrokenReplication));
        await audit.AppendAsync(new AuditRecord(operator_, "cli", "request", $"{kind} to {plan.Target}", "confirmed", $"break-glass from the command line; overrides: {overrides}; plan {plan.Fingerprint}"), cancellationToken);
        var report = await engine.RunAsync(
            new FailoverRequest(kind, operator_, $"{operator_} (break-glass)", overrides),
            json ? null : (step, _) =>
            {
                if (step.State != StepState.Started)
                {
                    Console.WriteLine($"{PlanText.Mark(step.State)} {step.Index}. {step.Title} ({step.Duration.TotalSeconds:0.0}s): {step.Detail}");
                }

                return Task.CompletedTask;
            },
            cancellationToken);
        Console.Write(json ? JsonSerializer.Serialize(report, CliJson.Options) + "\n" : "\n" + PlanText.Format(report));
        return report.Outcome == FailoverOutcome.Succeeded ? CliExit.Ok : CliExit.Failed;
    }
}
