using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Ldap;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.Status;

/// <summary>The status report against the lab, healthy and with a node cut off.</summary>
[Collection(LabCollection.Name)]
public sealed class StatusServiceTests(LabFixture lab)
{
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAsync_ReportsVipOnMail1BothNodesUpAndInSync_WhenLabIsHealthy()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var host = scope.Build();

        var report = await host.Services.GetRequiredService<StatusService>().GetAsync(Token);

        Assert.Empty(report.Unknown);
        Assert.Equal(VipVerdict.HeldBy, report.Vip?.Verdict);
        Assert.Equal(Mail1, report.Vip?.Holder);
        Assert.Collection(
            report.Nodes,
            mail1 =>
            {
                Assert.Equal(Mail1, mail1.Node);
                Assert.Equal("active", mail1.Role);
                Assert.True(mail1.Reachable, mail1.Ssh);
                Assert.Equal(new Answered("220 mail1.lab ESMTP MailHa-lab"), mail1.Service);
                Assert.EndsWith("] mail1.lab IMAP MailHa-lab", Assert.IsType<Answered>(mail1.Imap).Banner, StringComparison.Ordinal);
            },
            mail2 =>
            {
                Assert.Equal(Mail2, mail2.Node);
                Assert.Equal("standby", mail2.Role);
                Assert.True(mail2.Reachable, mail2.Ssh);
                Assert.Equal(new Answered("220 mail2.lab ESMTP MailHa-lab"), mail2.Service);
                Assert.EndsWith("] mail2.lab IMAP MailHa-lab", Assert.IsType<Answered>(mail2.Imap).Banner, StringComparison.Ordinal);
            });
        Assert.Equal(ReplicationState.InSync, report.Replication?.State);
        Assert.Equal(3, report.Replication?.Suffixes.Count);
        // A fresh journal: generation 1 from configuration, mirror mail1 → mail2 that never ran, nothing running.
        Assert.Equal(1, report.Roles.Generation);
        Assert.Equal((Mail1, Mail2, false), (report.Mirror.Source, report.Mirror.Target, report.Mirror.Paused));
        Assert.Null(report.Mirror.LastRun);
        Assert.Null(report.RunningOperation);
        Assert.StartsWith("mail1 serves the VIP\n", StatusText.Format(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_AnswersAskingMail1OnceAndNamesItUnreachable_WhenMail1IsCut()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var host = scope.Build(configure: RecordingRemoteShell.Install);

        StatusReport report;
        await lab.RunAsync("cut", "mail1");
        try
        {
            report = await host.Services.GetRequiredService<StatusService>().GetAsync(Token);
        }
        finally
        {
            await lab.RunAsync("restore", "mail1");
        }

        var mail1 = Assert.Single(report.Nodes, n => n.Node == Mail1);
        var mail2 = Assert.Single(report.Nodes, n => n.Node == Mail2);
        Assert.False(mail1.Reachable);
        Assert.IsType<Silent>(mail1.Service);
        Assert.IsType<Silent>(mail1.Imap);
        Assert.True(mail2.Reachable, mail2.Ssh);
        Assert.IsType<Answered>(mail2.Service);
        Assert.IsType<Answered>(mail2.Imap);
        // Nobody can confirm mail1 holds the VIP: status must not claim a holder.
        Assert.NotEqual(VipVerdict.HeldBy, report.Vip?.Verdict);
        Assert.NotEqual(ReplicationState.InSync, report.Replication?.State);
        Assert.Contains($"mail1 (active): {mail1.Ssh}", StatusText.Format(report), StringComparison.Ordinal);
        // One command per node serves reachability and the VIP view: the dead node's timeout is paid once.
        Assert.Equal(["list-addresses"], RecordingRemoteShell.Of(host.Services).AskedOf("mail1"));
    }
}
