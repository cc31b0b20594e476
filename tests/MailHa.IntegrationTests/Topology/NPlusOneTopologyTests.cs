using MailHa.IntegrationTests.Failover;
using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;

namespace MailHa.IntegrationTests.Topology;

/// <summary>
/// The N+1 lab (mail1 home to jt-mail-a, mail2 home to jt-mail-b, mail3 the standby of both with Capacity 1) operated
/// through the CLI: placement on the standby, its capacity checked and reserved, split brain per VIP.
/// </summary>
[Collection(NPlusOneLabCollection.Name)]
public sealed class NPlusOneTopologyTests(LabFixture lab)
{
    private const string A = "jt-mail-a";
    private const string B = "jt-mail-b";

    /// <summary>mail3 is the third of MailHa:Nodes in the lab's configuration.</summary>
    private static readonly Dictionary<string, string> StandbyCapacityTwo = new() { ["MailHa__Nodes__2__Capacity"] = "2" };

    /// <summary>jt-mail-a (the first service) on [mail1, mail2, mail3]: mail2 its recorded standby, mail3 past it (its store is in the lab).</summary>
    private static readonly Dictionary<string, string> AOnThreeNodes = new() { ["MailHa__Services__0__Nodes__1"] = "mail2", ["MailHa__Services__0__Nodes__2"] = "mail3" };

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Failover_MovesTheServiceToTheStandby_WhenItsPrimaryIsCut()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        await lab.RunAsync("cut", "mail1");

        var run = await ServiceCli.RunAsync(lab, scope, "failover", A, Token, "--primary-down");

        Assert.True(run.Succeeded, run.ToString());
        Assert.Equal(("mail3", "mail2"), (await LabScope.VipAnswerAsync(scope.Service(A), Token), await LabScope.VipAnswerAsync(scope.Service(B), Token)));
        Assert.True(await scope.HoldsVipAsync("mail3", scope.Service(A)));
    }

    [Fact]
    public async Task Failover_IsRefusedOverTheStandbysCapacity_NamingIt_AndRunsWhenTheApproverAcceptsIt()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        await lab.RunAsync("cut", "mail1");
        var first = await ServiceCli.RunAsync(lab, scope, "failover", A, Token, "--primary-down");
        Assert.True(first.Succeeded, first.ToString());
        await lab.RunAsync("cut", "mail2");

        var refused = await ServiceCli.RunAsync(lab, scope, "failover", B, Token, "--primary-down");

        Assert.False(refused.Succeeded, refused.ToString());
        // A refusal prints no JSON: its sentence is the placement's own, naming the node, what it runs and its capacity.
        Assert.Contains(new OverCapacity(new ServiceName(B), new NodeName("mail3"), [new ServiceName(A)], 1).Reason, refused.Output, StringComparison.Ordinal);
        Assert.False(await scope.HoldsVipAsync("mail3", scope.Service(B)));

        var accepted = await ServiceCli.RunAsync(lab, scope, "failover", B, Token, "--primary-down", "--accept-over-capacity");

        Assert.True(accepted.Succeeded, accepted.ToString());
        Assert.Equal(("mail3", "mail3"), (await LabScope.VipAnswerAsync(scope.Service(A), Token), await LabScope.VipAnswerAsync(scope.Service(B), Token)));
    }

    [Fact]
    public async Task Failover_PutsBothServicesOnTheStandby_WhenItsCapacityIsTwo()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        await lab.RunAsync("cut", "mail1");
        await lab.RunAsync("cut", "mail2");

        var a = await ServiceCli.RunAsync(lab, scope, StandbyCapacityTwo, "failover", A, Token, "--primary-down");
        var b = await ServiceCli.RunAsync(lab, scope, StandbyCapacityTwo, "failover", B, Token, "--primary-down");

        Assert.True(a.Succeeded, a.ToString());
        Assert.True(b.Succeeded, b.ToString());
        Assert.Equal(("mail3", "mail3"), (await LabScope.VipAnswerAsync(scope.Service(A), Token), await LabScope.VipAnswerAsync(scope.Service(B), Token)));
    }

    [Fact]
    public async Task TwoConcurrentFailoversOntoTheStandbyWithCapacityOne_ExactlyOneRuns()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        await lab.RunAsync("cut", "mail1");
        await lab.RunAsync("cut", "mail2");

        var runs = await Task.WhenAll(
            ServiceCli.RunAsync(lab, scope, "failover", A, Token, "--primary-down"),
            ServiceCli.RunAsync(lab, scope, "failover", B, Token, "--primary-down"));

        var ran = Assert.Single(runs, r => r.Succeeded);
        var refused = Assert.Single(runs, r => !r.Succeeded);
        Assert.Contains("capacity", refused.Output, StringComparison.OrdinalIgnoreCase);
        var moved = ran == runs[0] ? scope.Service(A) : scope.Service(B);
        var stayed = ran == runs[0] ? scope.Service(B) : scope.Service(A);
        Assert.True(await scope.HoldsVipAsync("mail3", moved));
        Assert.False(await scope.HoldsVipAsync("mail3", stayed));
    }

    [Fact]
    public async Task Switchover_SyncsIntoTheChosenTarget_WhenItIsPastTheRecordedStandby()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        var delivered = await scope.DeliverAsync("mail1", "user01");

        var run = await ServiceCli.RunAsync(lab, scope, AOnThreeNodes, "switchover", A, Token, "--to", "mail3");

        Assert.True(run.Succeeded, run.ToString());
        Assert.Equal("mail3", await LabScope.VipAnswerAsync(scope.Service(A), Token));
        // The message delivered on mail1 before the fence is in mail3's store: the catch-up and the final sync pulled there,
        // and nothing into mail2, the standby recorded before the move.
        Assert.True(await scope.ExistsAsync("mail3", delivered));
        Assert.False(await scope.ExistsAsync("mail2", delivered));
        Assert.Equal(1L, await scope.QueryAsync<long>("SELECT count(*) FROM mirror_runs WHERE trigger LIKE 'switchover:%' AND target = 'mail3' AND outcome IN ('Succeeded', 'Warning')", Token));
        Assert.Equal(0L, await scope.QueryAsync<long>("SELECT count(*) FROM mirror_runs WHERE target <> 'mail3'", Token));
        // The new roles: mail3 active, the next node of the list after it that answers (mail1) its standby.
        Assert.Equal("mail3 mail1", await scope.QueryAsync<string>("SELECT active || ' ' || standby FROM service_roles WHERE service = 'jt-mail-a' ORDER BY generation DESC LIMIT 1", Token));
    }

    [Fact]
    public async Task Status_ReportsSplitBrainForTheServiceWhoseVipIsHeldTwice_Only()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        await scope.AddVipAsync("mail3", scope.Service(B));

        var services = await ServiceCli.StatusAsync(lab, scope, Token);

        Assert.Equal(ServiceHealth.SplitBrain, Assert.Single(services, s => s.Service.Value == B).Health);
        Assert.NotEqual(ServiceHealth.SplitBrain, Assert.Single(services, s => s.Service.Value == A).Health);
    }
}
