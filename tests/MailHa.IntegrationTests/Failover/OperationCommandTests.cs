using System.Text.Json;
using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Audit;
using MailHa.Operations.Failover;
using MailHa.Operations.Vip;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.Failover;

/// <summary>The break-glass command line (the built mailha.dll as a child process) against the real lab.</summary>
[Collection(LabCollection.Name)]
public sealed class OperationCommandTests(LabFixture lab)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Switchover_PrintsEightStepPlanAsJsonAndChangesNothing_WhenDryRun()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);

        var (code, stdout, stderr) = await MailHaCli.RunAsync(lab, scope.DatabasePath, "", Token, "switchover", "--dry-run", "--json");

        Assert.True(code == 0, $"exit {code}\n{stdout}\n{stderr}");
        using var json = JsonDocument.Parse(stdout);
        var plan = json.RootElement;
        Assert.Equal(("Switchover", "mail1", "mail2"), (plan.GetProperty("kind").GetString(), plan.GetProperty("source").GetString(), plan.GetProperty("target").GetString()));
        Assert.Equal(JsonValueKind.Null, plan.GetProperty("refusal").ValueKind);
        var steps = plan.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(SwitchoverTests.StepNames, steps.Select(s => s.GetProperty("name").GetString()));
        // The fence: mail1's own announce stopped and the VIP down there, then one duplicate-address probe from mail2
        // proves the VIP silent; next, mail1's Postfix is flushed and its queue counted for the store's mail (the lab's
        // Mirror:QueueFlushCommand and QueueCountCommand) before the final sync.
        var fence = steps[1].GetProperty("commands").EnumerateArray().ToList();
        Assert.Equal(["mail1", "mail1", "mail2"], fence.Select(c => c.GetProperty("node").GetString()));
        Assert.Equal(["stop-announce", "ip-addr-del", "duplicate-address-probe"], fence.Select(c => c.GetProperty("name").GetString()));
        Assert.Contains($"ip addr del {scope.VipAddress}/24", fence[1].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal($"timeout 0.5 arping -D -q -c 1 -w 1 -I eth0 {scope.VipAddress}; rc=$?; [ $rc -ne 124 ] || rc=0; exit $rc", fence[2].GetProperty("text").GetString());
        var drain = Assert.Single(steps[2].GetProperty("commands").EnumerateArray());
        Assert.Equal(("mail1", "drain-mail"), (drain.GetProperty("node").GetString(), drain.GetProperty("name").GetString()));
        Assert.Contains("postqueue -f", drain.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("postqueue -j", drain.GetProperty("text").GetString(), StringComparison.Ordinal);
        // The findings print as the dry run words them: the VIP's is the line of the one a plan made now finds.
        var services = scope.Build().Services;
        var now = await services.GetRequiredService<FailoverEngine>().PlanAsync(new FailoverRequest(LabService.Of(services), OperationKind.Switchover, "", "", FailoverOverrides.None), Token);
        Assert.Equal(VipVerdict.HeldBy, Assert.Single(now.Findings.OfType<VipFinding>()).Vip.Verdict);
        Assert.Contains(PlanText.Finding(Assert.Single(now.Findings.OfType<VipFinding>())), plan.GetProperty("findings").EnumerateArray().Select(f => f.GetString()));

        Assert.True(await scope.HoldsVipAsync("mail1"));
        Assert.False(await scope.HoldsVipAsync("mail2"));
        Assert.Equal(0L, await scope.QueryAsync<long>("SELECT count(*) FROM operations", Token));
        Assert.Equal(1L, await scope.QueryAsync<long>("SELECT max(generation) FROM service_roles", Token));
    }

    [Fact]
    public async Task Switchover_ExitsWithUsageAndChangesNothing_WhenTypedNameIsWrong()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);

        var (code, stdout, stderr) = await MailHaCli.RunAsync(lab, scope.DatabasePath, "wrong-name\n", Token, "switchover");

        Assert.True(code == 2, $"exit {code}\n{stdout}\n{stderr}");
        Assert.Contains("Type the target node's name (mail2)", stdout, StringComparison.Ordinal);
        Assert.Contains("Not confirmed: nothing was changed.", stderr, StringComparison.Ordinal);
        Assert.True(await scope.HoldsVipAsync("mail1"));
        Assert.False(await scope.HoldsVipAsync("mail2"));
        Assert.Equal("mail1", await scope.VipAnswerAsync(Token));
        Assert.Equal(0L, await scope.QueryAsync<long>("SELECT count(*) FROM operations", Token));
        var audit = await scope.Build().Services.GetRequiredService<AuditLog>().RecentAsync(10, Token);
        var entry = Assert.Single(audit);
        var requested = Assert.IsType<ApprovalRequested>(entry.Event);
        Assert.Equal((AuditChannel.Cli, RequestOutcome.NotConfirmed, "typed 'wrong-name'"), (requested.Channel, requested.Outcome, requested.Detail));
    }

    [Fact]
    public async Task MirrorHistoryAndAudit_ShowTheCommandLinesOwnRun_AsJson()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);

        var (runCode, runOut, runErr) = await MailHaCli.RunAsync(lab, scope.DatabasePath, "", Token, "mirror", "run", "--json");
        var (historyCode, historyJson, historyErr) = await MailHaCli.RunAsync(lab, scope.DatabasePath, "", Token, "mirror", "history", "--json", "--limit", "5");
        var (auditCode, auditJson, auditErr) = await MailHaCli.RunAsync(lab, scope.DatabasePath, "", Token, "audit", "--json", "--limit", "5");

        Assert.True(runCode == 0, $"exit {runCode}\n{runOut}\n{runErr}");
        Assert.True(historyCode == 0, $"exit {historyCode}\n{historyJson}\n{historyErr}");
        Assert.True(auditCode == 0, $"exit {auditCode}\n{auditJson}\n{auditErr}");
        using var history = JsonDocument.Parse(historyJson);
        var run = Assert.Single(history.RootElement.EnumerateArray());
        Assert.Equal("transferred", run.GetProperty("outcome").GetProperty("kind").GetString());
        using var audit = JsonDocument.Parse(auditJson);
        Assert.Contains(audit.RootElement.EnumerateArray(), e => e.GetProperty("platform").GetString() == "cli" && e.GetProperty("action").GetString() == "mirror-run");
    }
}
