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
    public async Task Status_ReportsSplitBrainForTheServiceWhoseVipIsHeldTwice_Only()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        await scope.AddVipAsync("mail3", scope.Service(B));

        var services = await ServiceCli.StatusAsync(lab, scope, Token);

        Assert.Equal(ServiceHealth.SplitBrain, Assert.Single(services, s => s.Service.Value == B).Health);
        Assert.NotEqual(ServiceHealth.SplitBrain, Assert.Single(services, s => s.Service.Value == A).Health);
    }
}
