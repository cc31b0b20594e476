using System.Text.Json;
using MailHa.Bot.UseCases;
using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using MailHa.Operations.Status;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.Failover;

/// <summary>An operation interrupted between steps is resumed by the next request of the same kind, and nothing runs twice.</summary>
[Collection(LabCollection.Name)]
public sealed class ResumeTests(LabFixture lab)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_ResumesAfterFinalSyncWithoutSyncingTwice_WhenPreviousRunDiedMidPlan()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);

        // The "process" dies right after the final sync: its token is cancelled, no later step starts.
        var built = scope.Build().Services;
        var crashed = built.GetRequiredService<FailoverEngine>();
        using var death = CancellationTokenSource.CreateLinkedTokenSource(Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => crashed.RunAsync(
            SwitchoverTests.Request(LabService.Of(built), OperationKind.Switchover),
            (step, _) =>
            {
                if (step is { Step: "final-sync", State: StepState.Done })
                {
                    death.Cancel();
                }

                return Task.CompletedTask;
            },
            death.Token));
        var operationId = await scope.QueryAsync<string>("SELECT id FROM operations WHERE state = 'running'", Token);
        Assert.NotNull(operationId);
        Assert.Null(await scope.VipAnswerAsync(Token));

        // A restart: a new container on the same journal. Nothing resumes by itself; status says what was left and how to resume.
        var restarted = scope.Build().Services;
        var status = await restarted.GetRequiredService<StatusService>().GetAsync(Token);
        Assert.Equal((operationId, "final-sync"), (status.Interrupted?.Id, status.Interrupted?.LastCompletedStep));
        Assert.StartsWith("VIP on nobody since ", status.Interrupted!.StateLeft, StringComparison.Ordinal);
        Assert.Null(status.RunningOperation);
        var report = await restarted.GetRequiredService<FailoverEngine>().RunAsync(SwitchoverTests.Request(LabService.Of(restarted), OperationKind.Switchover, "carol"), null, Token);

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, FailoverReportText.Format(report));
        Assert.Equal(operationId, report.OperationId);
        Assert.Equal(SwitchoverTests.StepNames, report.Steps.Select(s => s.Step));
        Assert.Equal(
            [StepState.Skipped, StepState.Skipped, StepState.Skipped, StepState.Skipped, StepState.Done, StepState.Done, StepState.Done, StepState.Done],
            report.Steps.Select(s => s.State));
        var runs = await restarted.GetRequiredService<MirrorHistory>().RecentAsync(null, 100, Token);
        Assert.Single(runs, r => r.Trigger.StartsWith("switchover:", StringComparison.Ordinal));
        Assert.Equal("mail2", await scope.VipAnswerAsync(Token));
        Assert.Equal(0L, await scope.QueryAsync<long>("SELECT count(*) FROM operations WHERE state = 'running'", Token));
    }

    [Fact]
    public async Task Switchover_ResumesWithEarlierStepsSkipped_WhenCliProcessWasKilledAfterFence()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);

        // Every pull starts 5 s late: the final sync, which the fence starts, keeps the plan between fence and raise
        // long enough to kill the CLI there (on the lab's quick SSH the rest of the plan takes about a second).
        await lab.RunAsync("slow-mirror", "5");
        string killedOutput;
        using (var cli = MailHaCli.Start(lab, scope.DatabasePath, "switchover", "--yes"))
        {
            var fenced = await Eventually.TrueAsync(async () => cli.HasExited || await FenceDoneAsync(scope), TimeSpan.FromMinutes(2), Token);
            var exitedByItself = cli.HasExited;
            killedOutput = await cli.KillAsync();
            Assert.True(fenced && !exitedByItself, $"the CLI was not caught between fence and the end of the plan:\n{killedOutput}");
        }

        await lab.RunAsync("restore-mirror");
        Assert.Equal(1L, await scope.QueryAsync<long>("SELECT count(*) FROM operations WHERE state = 'running'", Token));
        Assert.Equal(1L, await scope.QueryAsync<long>("SELECT count(*) FROM operation_leases", Token));
        var operationId = await scope.QueryAsync<string>("SELECT id FROM operations", Token);

        // What the on-call person sees: the interrupted switchover, who asked, what it left, how to resume.
        var (statusCode, statusJson, statusErr) = await MailHaCli.RunAsync(lab, scope.DatabasePath, "", Token, "status", "--json");
        Assert.True(statusCode == 0, $"exit {statusCode}\n{statusJson}\n{statusErr}");
        using (var status = JsonDocument.Parse(statusJson))
        {
            var interrupted = status.RootElement.GetProperty("interrupted");
            Assert.Equal(operationId, interrupted.GetProperty("id").GetString());
            Assert.Equal("Switchover", interrupted.GetProperty("kind").GetString());
            Assert.False(string.IsNullOrEmpty(interrupted.GetProperty("requestedBy").GetString()));
            Assert.NotEqual(JsonValueKind.Null, interrupted.GetProperty("lastCompletedStep").ValueKind);
            Assert.Contains("since", interrupted.GetProperty("stateLeft").GetString(), StringComparison.Ordinal);
            Assert.Contains("mailha switchover --yes", interrupted.GetProperty("resume").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Null, status.RootElement.GetProperty("runningOperation").ValueKind);
        }

        var (code, stdout, stderr) = await MailHaCli.RunAsync(lab, scope.DatabasePath, "", Token, "switchover", "--yes", "--json");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}\n(killed run:\n{killedOutput})");
        using var json = JsonDocument.Parse(stdout);
        var report = json.RootElement;
        Assert.Equal("Succeeded", report.GetProperty("outcome").GetString());
        Assert.Equal(operationId, report.GetProperty("operationId").GetString());
        var steps = report.GetProperty("steps").EnumerateArray().Select(s => (Name: s.GetProperty("step").GetString()!, State: s.GetProperty("state").GetString())).ToList();
        Assert.Equal(SwitchoverTests.StepNames, steps.Select(s => s.Name));
        var states = steps.ToDictionary(s => s.Name, s => s.State);
        Assert.Equal(("Skipped", "Skipped"), (states["preflight"], states["fence"]));
        Assert.All(states.Values, s => Assert.Contains(s, new[] { "Skipped", "Done" }));
        Assert.Equal("Done", states["record-roles"]);
        // The fence starts the final sync as soon as the VIP is down on mail1, so the killed run may have recorded
        // one too; the resumed run, whose final-sync step was not done, pulls again (a pull is safe to repeat).
        Assert.InRange(await scope.QueryAsync<long>("SELECT count(*) FROM mirror_runs WHERE trigger LIKE 'switchover:%'", Token), 1L, 2L);
        Assert.Equal(0L, await scope.QueryAsync<long>("SELECT count(*) FROM operation_leases", Token));
        Assert.True(await scope.HoldsVipAsync("mail2"));
        Assert.False(await scope.HoldsVipAsync("mail1"));
        Assert.Equal("mail2", await scope.VipAnswerAsync(Token));
    }

    private static async Task<bool> FenceDoneAsync(LabScope scope)
    {
        try
        {
            return await scope.QueryAsync<long>("SELECT count(*) FROM operation_steps WHERE step = 'fence' AND state = 'Done'", Token) > 0;
        }
        catch (SqliteException)
        {
            // Not created yet by the CLI.
            return false;
        }
    }
}
