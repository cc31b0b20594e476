using MailHa.Bot.Channels.Console;
using MailHa.Bot.Chat;
using MailHa.IntegrationTests.EndToEnd;
using MailHa.IntegrationTests.Failover;
using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.Topology;

/// <summary>
/// The symmetric lab (mail1 home to jt-mail-a, mail2 home to jt-mail-b, each the other's backup) operated through the
/// CLI, one service at a time: the other service keeps answering from where it is.
/// </summary>
[Collection(SymmetricLabCollection.Name)]
public sealed class SymmetricTopologyTests(LabFixture lab)
{
    private const string A = "jt-mail-a";
    private const string B = "jt-mail-b";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Status_ReportsBothServicesHealthy()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        // Healthy includes a good mirror copy: a fresh journal has none, so each service's mirror runs once first.
        foreach (var service in new[] { A, B })
        {
            var mirror = await ServiceCli.MirrorAsync(lab, scope, service, Token);
            Assert.True(mirror.Code == 0, mirror.Output);
        }

        var services = await ServiceCli.StatusAsync(lab, scope, Token);

        Assert.Equal([(A, ServiceHealth.Healthy), (B, ServiceHealth.Healthy)], services.Select(s => (s.Service.Value, s.Health)));
    }

    [Fact]
    public async Task Switchover_MovesOneServiceToItsBackup_WhileTheOtherNeverStopsAnswering()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        var watch = BannerWatch.Start(scope.Service(B));

        var run = await ServiceCli.RunAsync(lab, scope, "switchover", A, Token);
        var answers = await watch.StopAsync();

        Assert.True(run.Succeeded, run.ToString());
        Assert.Equal("mail2", await LabScope.VipAnswerAsync(scope.Service(A), Token));
        Assert.False(await scope.HoldsVipAsync("mail1", scope.Service(A)));
        Assert.NotEmpty(answers);
        Assert.All(answers, answer => Assert.Equal("mail2", answer));
        Assert.True(await scope.HoldsVipAsync("mail2", scope.Service(B)));
    }

    [Fact]
    public async Task Failover_MovesTheServiceOfTheCutNode_BothVipsOnMail2_TheOtherWithoutStandby_ThenFailbackAfterRestore()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        await lab.RunAsync("cut", "mail1");

        var failover = await ServiceCli.RunAsync(lab, scope, "failover", A, Token, "--primary-down");

        Assert.True(failover.Succeeded, failover.ToString());
        Assert.Equal(("mail2", "mail2"), (await LabScope.VipAnswerAsync(scope.Service(A), Token), await LabScope.VipAnswerAsync(scope.Service(B), Token)));
        var status = await ServiceCli.StatusAsync(lab, scope, Token);
        var b = Assert.Single(status, s => s.Service.Value == B);
        Assert.Equal(ServiceHealth.Degraded, b.Health);
        Assert.NotNull(b.NoStandby);

        await lab.RunAsync("restore", "mail1");
        // mail1 came back still holding a's VIP (split brain on that VIP only): as the runbook says, the operator takes
        // it down there first; MailHa never pulls into a node that holds the VIP, so the failback refuses until then.
        var a = scope.Service(A).Vip;
        await lab.ExecAsync("mail1", $"ip addr del {a.Address}/{a.PrefixLength} dev {a.Interface}");
        var failback = await ServiceCli.RunAsync(lab, scope, "failback", A, Token);

        Assert.True(failback.Succeeded, failback.ToString());
        Assert.Equal(("mail1", "mail2"), (await LabScope.VipAnswerAsync(scope.Service(A), Token), await LabScope.VipAnswerAsync(scope.Service(B), Token)));
        Assert.False(await scope.HoldsVipAsync("mail2", scope.Service(A)));
    }

    [Fact]
    public async Task Evacuate_PutsBothServicesOnMail2_ThenRestoreBringsMail1sServiceHome()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);

        var evacuate = await ServiceCli.NodeMoveAsync(lab, scope, "evacuate", "mail1", Token);

        Assert.True(evacuate is { Code: 0, Succeeded: true }, evacuate.ToString());
        Assert.Equal([new ServiceName(A)], evacuate.Moved);
        Assert.Equal(("mail2", "mail2"), (await LabScope.VipAnswerAsync(scope.Service(A), Token), await LabScope.VipAnswerAsync(scope.Service(B), Token)));
        Assert.False(await scope.HoldsVipAsync("mail1", scope.Service(A)));

        var restore = await ServiceCli.NodeMoveAsync(lab, scope, "restore", "mail1", Token);

        Assert.True(restore is { Code: 0, Succeeded: true }, restore.ToString());
        Assert.Equal([new ServiceName(A)], restore.Moved);
        Assert.Equal(("mail1", "mail2"), (await LabScope.VipAnswerAsync(scope.Service(A), Token), await LabScope.VipAnswerAsync(scope.Service(B), Token)));
        Assert.False(await scope.HoldsVipAsync("mail2", scope.Service(A)));
    }

    [Fact]
    public async Task Watch_ProposesOneFailoverOfTheServiceMail1Ran_AndStatusSaysTheOtherHasNoStandby_WhenMail1IsCut()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        var settings = new Dictionary<string, string?>
        {
            ["MailHa:Alerts:WatchInterval"] = "00:00:02",
            ["MailHa:Alerts:DownAfter"] = "00:00:06",
        };
        await using var bot = await LabBot.StartAsync(scope, settings, null, Token);
        var feed = bot.Services.GetRequiredService<ConsoleFeed>();

        await lab.RunAsync("cut", "mail1");
        var proposed = await Eventually.TrueAsync(() => Task.FromResult(Proposals(feed).Any()), Patience, Token);
        // A status is one gather: on a loaded machine its bounded VIP part can run out; with nothing answering on a's VIP
        // that reads DOWN all the same (ServiceHealthRule), so the first gather should say so. Asked until it says a is
        // down, within the hang guard, so that a failure shows the last gather's VIP verdict, banner and unknown parts.
        var statuses = bot.Services.GetRequiredService<StatusService>();
        var status = await statuses.GetAsync(Token);
        await Eventually.TrueAsync(
            async () => (status = await statuses.GetAsync(Token)).Services.Single(s => s.Service.Value == A).Health == ServiceHealth.Down,
            Patience,
            Token);

        Assert.True(proposed, "no failover proposed; the console feed holds:\n" + string.Join('\n', feed.Since(0).Entries.Select(e => e.Message.Title)));
        // One card for the outage, one button: a's failover (b runs on mail2, which still serves it).
        var proposal = Assert.Single(Proposals(feed));
        Assert.Equal([new CardAction.RequestFailover(PrimaryDown: true, new ServiceName(A))], proposal.Message.Actions.Select(a => a.Action));
        // A proposal, not an action: nobody serves a's VIP until two people decide; b stays where it is, without a standby.
        Assert.Null(await LabScope.VipAnswerAsync(scope.Service(A), Token));
        var (a, b) = (Assert.Single(status.Services, s => s.Service.Value == A), Assert.Single(status.Services, s => s.Service.Value == B));
        Assert.True((a.Health, b.Health) == (ServiceHealth.Down, ServiceHealth.Degraded),
            $"a {a.Health} (VIP {a.Vip?.Verdict}, banner {a.Vip?.External}), b {b.Health}; unknown: {string.Join("; ", status.Unknown)}");
        Assert.Equal(new NodeName("mail1"), b.Roles.Standby);
        Assert.NotNull(b.NoStandby);
        Assert.Null(a.NoStandby);
    }

    /// <summary>Hang guard, not a threshold: a broken build fails with the feed's content instead of hanging CI.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    /// <summary>The feed's cards that propose a failover (a button requesting one).</summary>
    private static IEnumerable<ConsoleEntry> Proposals(ConsoleFeed feed) =>
        feed.Since(0).Entries.Where(e => e.Message.Actions.Any(a => a.Action is CardAction.RequestFailover));
}
