using MailHa.Bot.UseCases;
using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using MailHa.Operations.Roles;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.Failover;

/// <summary>Planned moves of the VIP on the real lab: switchover, failback, two requests at once, the dry run.</summary>
[Collection(LabCollection.Name)]
public sealed class SwitchoverTests(LabFixture lab)
{
    public static readonly string[] StepNames = ["preflight", "fence", "drain-mail", "final-sync", "verify-directory", "raise-vip", "verify-vip", "record-roles"];

    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_MovesVipToStandbyWithoutLosingMail_WhenSwitchingOver()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var services = scope.Build().Services;
        var roles = services.GetRequiredService<RoleStore>();
        var before = await roles.GetAsync(LabService.Of(services), Token);
        var message = await scope.DeliverAsync("mail1", "user07");

        // When verify-vip starts, the announce that raise-vip started on mail2 is still sending in the background.
        var announcing = false;
        var report = await services.GetRequiredService<FailoverEngine>().RunAsync(
            Request(LabService.Of(services), OperationKind.Switchover),
            async (step, _) =>
            {
                if (step is { Step: "verify-vip", State: StepState.Started })
                {
                    announcing = (await lab.ExecAsync("mail2", "pgrep -f 'arping -U -q -c 3 -w 4 -I eth0 198.18.15.10' >/dev/null && echo yes || echo no")).Trim() == "yes";
                }
            },
            Token);

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, FailoverReportText.Format(report));
        Assert.True(announcing, "the gratuitous ARP was not running in the background when verify-vip started");
        Assert.Equal(MirrorVerdict.Succeeded, Assert.IsType<Fenced>(report.Steps.Single(s => s.Step == "fence").Result).CatchUp?.Verdict);
        Assert.Equal(StepNames, report.Steps.Select(s => s.Step));
        Assert.All(report.Steps, s => Assert.Equal(StepState.Done, s.State));
        Assert.True(await scope.ExistsAsync("mail2", message), "the message delivered on mail1 just before the switch is not on mail2");
        Assert.Equal("mail2", await scope.VipAnswerAsync(Token));
        Assert.False(await scope.HoldsVipAsync("mail1"));
        Assert.True(await scope.HoldsVipAsync("mail2"));

        var after = await roles.GetAsync(LabService.Of(services), Token);
        Assert.Equal(before.Generation + 1, after.Generation);
        Assert.Equal(Mail2, after.Active);
        Assert.Equal(Mail1, after.Standby);
        Assert.True(after.MirrorPaused);
        foreach (var host in scope.Hosts)
        {
            var file = await scope.StateFileAsync(host);
            Assert.NotNull(file);
            Assert.Equal(after.Generation, file.Generation);
            Assert.Equal("mail2", file.Active);
            Assert.True(file.MirrorPaused);
        }
    }

    [Fact]
    public async Task RunAsync_StopsBeforeTheFenceAndTheVipNeverLeavesThePrimary_WhenTheMirrorNetworkIsCut()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        // Reachable nodes only: on a loaded machine the lab's 2 s SSH connect timeout can call a live node down, and this
        // test is about the mirror link (the daemon probe waits for its own --contimeout, the same setting).
        var services = scope.Build(new Dictionary<string, string?> { ["MailHa:Ssh:ConnectTimeout"] = "00:00:10" }).Services;
        var roles = services.GetRequiredService<RoleStore>();
        var before = await roles.GetAsync(LabService.Of(services), Token);
        Assert.Equal("mail1", await scope.VipAnswerAsync(Token));

        // Who answers on the VIP, as users see it (the SMTP banner), every 20 ms while the switchover runs.
        var answers = new List<string?>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var probing = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                answers.Add(await scope.VipAnswerAsync(CancellationToken.None));
                await Task.Delay(TimeSpan.FromMilliseconds(20), CancellationToken.None);
            }
        }, CancellationToken.None);
        FailoverReport report;
        await lab.RunAsync("cut-mirror");
        try
        {
            report = await services.GetRequiredService<FailoverEngine>().RunAsync(Request(LabService.Of(services), OperationKind.Switchover), null, Token);
        }
        finally
        {
            await stop.CancelAsync();
            await probing;
            await lab.RunAsync("restore-mirror");
        }

        Assert.Equal(FailoverOutcome.Failed, report.Outcome);
        Assert.Equal(("fence", StepState.Failed), (report.Steps[^1].Step, report.Steps[^1].State));
        Assert.IsType<FenceBlocked>(report.Steps[^1].Result);
        Assert.Equal(new FixMirrorBeforeFence(OperationKind.Switchover, new NodeName("mail1"), new NodeName("mail2")), report.NextSteps);
        Assert.NotEmpty(answers);
        Assert.All(answers, a => Assert.Equal("mail1", a));
        Assert.True(await scope.HoldsVipAsync("mail1"));
        Assert.False(await scope.HoldsVipAsync("mail2"));
        Assert.Equal(before, await roles.GetAsync(LabService.Of(services), Token));
        // The catch-up run may have written missing state files (it brings them up to the journal): never other roles.
        Assert.All(await Task.WhenAll(scope.Hosts.Select(h => scope.StateFileAsync(h))), file =>
            Assert.True(file is null || file == new NodeRoleRecord(before.Generation, "mail1", "mail2", false), $"{file}"));
    }

    [Fact]
    public async Task RunAsync_FencesPrimaryBeforeRaisingOnStandby_WhenReachablePrimaryHoldsVip()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var built = scope.Build().Services;
        var engine = built.GetRequiredService<FailoverEngine>();

        // Before every step and after it (the engine awaits each report), who holds the VIP, from each host's own interfaces.
        var seen = new List<(string Step, StepState State, bool Mail1, bool Mail2)>();
        var report = await engine.RunAsync(Request(LabService.Of(built), OperationKind.Failover), async (step, _) =>
            seen.Add((step.Step, step.State, await scope.HoldsVipAsync("mail1"), await scope.HoldsVipAsync("mail2"))),
            Token);

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, FailoverReportText.Format(report));
        Assert.Equal(2 * StepNames.Length, seen.Count);
        Assert.DoesNotContain(seen, s => s.Mail1 && s.Mail2);
        Assert.Contains(("fence", StepState.Started, true, false), seen);
        Assert.Contains(("raise-vip", StepState.Started, false, false), seen);
        Assert.Contains(("raise-vip", StepState.Done, false, true), seen);
        Assert.Equal((new NodeName("mail1"), true), Assert.IsType<Fenced>(report.Steps.Single(s => s.Step == "fence").Result) is var fenced ? (fenced.Source, fenced.Held) : default);
        Assert.False(await scope.HoldsVipAsync("mail1"));
        Assert.Equal("mail2", await scope.VipAnswerAsync(Token));
    }

    [Fact]
    public async Task RunAsync_RunsOneAndRefusesTheOtherNamingItsRequester_WhenTwoSwitchoversStartAtOnce()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var built = scope.Build().Services;
        var engine = built.GetRequiredService<FailoverEngine>();

        var reports = await Task.WhenAll(
            Task.Run(() => engine.RunAsync(Request(LabService.Of(built), OperationKind.Switchover, "alice"), null, Token), Token),
            Task.Run(() => engine.RunAsync(Request(LabService.Of(built), OperationKind.Switchover, "carol"), null, Token), Token));

        var summary = string.Join("\n", reports.Select(FailoverReportText.Format));
        Assert.True(reports.Count(r => r.Outcome == FailoverOutcome.Succeeded) == 1, summary);
        var succeeded = Assert.Single(reports, r => r.Outcome == FailoverOutcome.Succeeded);
        var refused = Assert.Single(reports, r => r.Outcome == FailoverOutcome.Refused);
        Assert.NotEqual(succeeded.RequestedBy, refused.RequestedBy);
        Assert.Equal(succeeded.RequestedBy, Assert.IsType<AnotherOperationRunning>(refused.Refusal).Lease.Holder);
        Assert.Empty(refused.Steps);
        Assert.Equal(1L, await scope.QueryAsync<long>("SELECT count(*) FROM operations", Token));
        Assert.Equal("mail2", await scope.VipAnswerAsync(Token));
    }

    [Fact]
    public async Task RunAsync_IsRefusedNamingRequester_WhenSameKindRequestedWhileOneRuns()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var built = scope.Build().Services;
        var engine = built.GetRequiredService<FailoverEngine>();

        // The first switchover is held just before its preflight: it is running, in the journal and holding the lock.
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Task.Run(
            () => engine.RunAsync(Request(LabService.Of(built), OperationKind.Switchover, "alice"), async (step, _) =>
            {
                if (step is { Step: "preflight", State: StepState.Started })
                {
                    held.SetResult();
                    await release.Task;
                }
            }, Token),
            Token);
        await held.Task.WaitAsync(Token);

        FailoverReport second;
        try
        {
            second = await engine.RunAsync(Request(LabService.Of(built), OperationKind.Switchover, "carol"), null, Token);
        }
        finally
        {
            release.SetResult();
        }

        var firstReport = await first;
        Assert.True(second.Outcome == FailoverOutcome.Refused, FailoverReportText.Format(second));
        Assert.Equal("alice", Assert.IsType<AnotherOperationRunning>(second.Refusal).Lease.Holder);
        Assert.Empty(second.Steps);
        Assert.True(firstReport.Outcome == FailoverOutcome.Succeeded, FailoverReportText.Format(firstReport));
        Assert.Equal("mail2", await scope.VipAnswerAsync(Token));
    }

    [Fact]
    public async Task RunAsync_ReturnsVipToPrimaryWithMailReceivedOnStandby_WhenFailingBack()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var services = scope.Build().Services;
        var engine = services.GetRequiredService<FailoverEngine>();
        var switched = await engine.RunAsync(Request(LabService.Of(services), OperationKind.Switchover), null, Token);
        Assert.True(switched.Outcome == FailoverOutcome.Succeeded, FailoverReportText.Format(switched));

        // mail2 is the live store now: this message exists nowhere else, and the mirror stays paused.
        var message = await scope.DeliverAsync("mail2", "user12");
        var report = await engine.RunAsync(Request(LabService.Of(services), OperationKind.Failback), null, Token);

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, FailoverReportText.Format(report));
        Assert.Equal(Mail2, report.Source);
        Assert.Equal(Mail1, report.Target);
        Assert.True(await scope.ExistsAsync("mail1", message), "the message received on mail2 while it was active was not pulled back to mail1");
        Assert.Equal("mail1", await scope.VipAnswerAsync(Token));
        Assert.False(await scope.HoldsVipAsync("mail2"));
        var roles = await services.GetRequiredService<RoleStore>().GetAsync(LabService.Of(services), Token);
        Assert.Equal(Mail1, roles.Active);
        Assert.Equal(3, roles.Generation);
    }

    [Fact]
    public async Task PlanAsync_ListsCommandsAndFindingsAndChangesNothing_WhenDryRun()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var services = scope.Build().Services;

        var plan = await services.GetRequiredService<FailoverEngine>().PlanAsync(new FailoverRequest(LabService.Of(services), OperationKind.Switchover, "", "", FailoverOverrides.None), Token);

        Assert.Null(plan.Refusal);
        Assert.Equal((Mail1, Mail2), (plan.Source, plan.Target));
        Assert.Equal(StepNames, plan.Steps.Select(s => s.Name));
        Assert.Contains(plan.Steps.Single(s => s.Name == "fence").Commands, c => c.Node == Mail1 && c.Text.Contains($"ip addr del {scope.VipAddress}/24", StringComparison.Ordinal));
        Assert.Contains(plan.Steps.Single(s => s.Name == "final-sync").Commands, c => c.Node == Mail2 && c.Text.Contains("rsync -rtopg --delete", StringComparison.Ordinal));
        Assert.Contains(plan.Steps.Single(s => s.Name == "raise-vip").Commands, c => c.Node == Mail2 && c.Text.Contains($"ip addr add {scope.VipAddress}/24", StringComparison.Ordinal));
        var vip = Assert.Single(plan.Findings.OfType<VipFinding>()).Vip;
        Assert.Equal((VipVerdict.HeldBy, Mail1), (vip.Verdict, vip.Holder));
        var target = Assert.Single(plan.Findings.OfType<TargetFinding>());
        Assert.Equal((Mail2, true), (target.Node, target.Reach.Succeeded));

        Assert.True(await scope.HoldsVipAsync("mail1"));
        Assert.False(await scope.HoldsVipAsync("mail2"));
        Assert.Equal("mail1", await scope.VipAnswerAsync(Token));
        Assert.Equal(1, (await services.GetRequiredService<RoleStore>().GetAsync(LabService.Of(services), Token)).Generation);
        Assert.Equal(0L, await scope.QueryAsync<long>("SELECT count(*) FROM operations", Token));
        Assert.Null(await scope.StateFileAsync("mail1"));
        Assert.Null(await scope.StateFileAsync("mail2"));
    }

    public static FailoverRequest Request(ServiceDefinition service, OperationKind kind, string requestedBy = "alice", FailoverOverrides? overrides = null) =>
        new(service, kind, requestedBy, "bob", overrides ?? FailoverOverrides.None);
}
