using MailHa.Bot.UseCases;
using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Failover;
using MailHa.Operations.Roles;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.Failover;

/// <summary>
/// Failover when the primary cannot be reached. While mail1 is cut it keeps the VIP on its own side:
/// the scope takes it off mail2 before the links come back, so the restore never makes split brain.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class UnplannedFailoverTests(LabFixture lab)
{
    private static readonly NodeName Mail2 = new("mail2");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_FailsAtFenceAskingForAcknowledgement_WhenPrimaryIsCutAndNotAcknowledgedDown()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var services = scope.Build().Services;
        await lab.RunAsync("cut", "mail1");

        var report = await services.GetRequiredService<FailoverEngine>().RunAsync(SwitchoverTests.Request(LabService.Of(services), OperationKind.Failover), null, Token);

        Assert.True(report.Outcome == FailoverOutcome.Failed, FailoverReportText.Format(report));
        var last = report.Steps[^1];
        Assert.Equal(("fence", StepState.Failed), (last.Step, last.State));
        Assert.IsType<PrimaryDownNotAcknowledged>(last.Result);
        Assert.Equal(new AcknowledgePrimaryDown(new NodeName("mail1"), new NodeName("mail2")), report.NextSteps);
        Assert.False(await scope.HoldsVipAsync("mail2"));
        Assert.Null(await scope.StateFileAsync("mail2"));
        var roles = await services.GetRequiredService<RoleStore>().GetAsync(LabService.Of(services), Token);
        Assert.Equal((1L, new NodeName("mail1")), (roles.Generation, roles.Active));
    }

    [Fact]
    public async Task RunAsync_MovesVipToStandbyAskingCutPrimaryOnceWithoutRsync_WhenPrimaryIsCutAndAcknowledgedDown()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var services = scope.Build(configure: RecordingRemoteShell.Install).Services;
        await lab.RunAsync("cut", "mail1");

        var report = await services.GetRequiredService<FailoverEngine>().RunAsync(
            SwitchoverTests.Request(LabService.Of(services), OperationKind.Failover, overrides: new FailoverOverrides(PrimaryDown: true)), null, Token);

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, FailoverReportText.Format(report));
        Assert.Equal(SwitchoverTests.StepNames, report.Steps.Select(s => s.Step));
        Assert.All(report.Steps, s => Assert.Equal(StepState.Done, s.State));
        var fenced = Assert.IsType<FencedUnreachable>(report.Steps.Single(s => s.Step == "fence").Result);
        Assert.Equal((new NodeName("mail1"), "bob"), (fenced.Source, fenced.ApprovedBy));
        Assert.Equal(new NodeName("mail1"), Assert.IsType<SyncSkippedSourceDown>(report.Steps.Single(s => s.Step == "final-sync").Result).Source);
        var recorded = Assert.IsType<RolesRecorded>(report.Steps.Single(s => s.Step == "record-roles").Result);
        Assert.Equal([new NodeName("mail1")], recorded.Missed.Select(m => m.Node));
        // The dead node is asked once, at approval, for the whole operation; nothing pulls from it.
        var shell = RecordingRemoteShell.Of(services);
        Assert.Equal(["list-addresses"], shell.AskedOf("mail1"));
        Assert.DoesNotContain("rsync-pull", shell.AskedOf("mail2"));
        Assert.Equal("mail2", await scope.VipAnswerAsync(Token));
        Assert.True(await scope.HoldsVipAsync("mail2"));
        var roles = await services.GetRequiredService<RoleStore>().GetAsync(LabService.Of(services), Token);
        Assert.Equal((2L, Mail2, true), (roles.Generation, roles.Active, roles.MirrorPaused));
    }

    [Fact]
    public async Task RunAsync_StopsAStrayPullBeforeTheStoreGoesLive_WhenAMailHaDiedMidPullAndThePrimaryIsCut()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var services = scope.Build().Services;
        // A pull from a dead source hangs until rsync's I/O timeout.
        await using var stray = await StrayPull.StartAsync(lab, services, Mail2);
        await lab.RunAsync("cut", "mail1");

        var report = await services.GetRequiredService<FailoverEngine>().RunAsync(
            SwitchoverTests.Request(LabService.Of(services), OperationKind.Failover, overrides: new FailoverOverrides(PrimaryDown: true)), null, Token);

        Assert.True(report.Outcome == FailoverOutcome.Succeeded, FailoverReportText.Format(report));
        Assert.Equal($"{stray.Pid}", Assert.IsType<VipRaised>(report.Steps.Single(s => s.Step == "raise-vip").Result).StrayPids);
        Assert.False(await stray.AnyRunningAsync());
        Assert.True(await scope.HoldsVipAsync("mail2"));
    }

    [Fact]
    public async Task Switchover_StopsAStrayPullThenSyncs_WhenAMailHaDiedMidPull()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var services = scope.Build().Services;
        await using var stray = await StrayPull.StartAsync(lab, services, Mail2);

        var report = await services.GetRequiredService<FailoverEngine>().RunAsync(SwitchoverTests.Request(LabService.Of(services), OperationKind.Switchover), null, Token);

        // The switchover holds the only operation lease: the pull belongs to no live run, and its final sync stops it.
        Assert.True(report.Outcome == FailoverOutcome.Succeeded, FailoverReportText.Format(report));
        Assert.Equal(StepState.Done, report.Steps.Single(s => s.Step == "final-sync").State);
        Assert.False(await stray.AnyRunningAsync());
        Assert.True(await scope.HoldsVipAsync("mail2"));
    }

    [Fact]
    public async Task PlanAsync_AsksCutPrimaryOnceAndNamesItUnreachable_WhenPrimaryIsCut()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var services = scope.Build(configure: RecordingRemoteShell.Install).Services;
        await lab.RunAsync("cut", "mail1");

        var plan = await services.GetRequiredService<FailoverEngine>().PlanAsync(new FailoverRequest(LabService.Of(services), OperationKind.Failover, "", "", FailoverOverrides.None), Token);

        var source = Assert.Single(plan.Findings.OfType<SourceFinding>());
        Assert.Equal(new NodeName("mail1"), source.Node);
        Assert.IsType<Unreachable>(source.Reach);
        Assert.Equal(["list-addresses"], RecordingRemoteShell.Of(services).AskedOf("mail1"));
    }

    [Fact]
    public async Task RunAsync_FailsAtFenceBecauseVipStillAnswers_WhenPrimaryUnreachableOverSshButServing()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var services = scope.Build().Services;
        await lab.RunAsync("stop", "mail1", "sshd");

        var report = await services.GetRequiredService<FailoverEngine>().RunAsync(
            SwitchoverTests.Request(LabService.Of(services), OperationKind.Failover, overrides: new FailoverOverrides(PrimaryDown: true)), null, Token);

        Assert.True(report.Outcome == FailoverOutcome.Failed, FailoverReportText.Format(report));
        var last = report.Steps[^1];
        Assert.Equal(("fence", StepState.Failed), (last.Step, last.State));
        Assert.Equal(new NodeName("mail1"), Assert.IsType<SourceDownVipAnswers>(last.Result).Source);
        Assert.False(await scope.HoldsVipAsync("mail2"));
        Assert.True(await scope.HoldsVipAsync("mail1"));
        Assert.Equal("mail1", await scope.VipAnswerAsync(Token));
    }
}
