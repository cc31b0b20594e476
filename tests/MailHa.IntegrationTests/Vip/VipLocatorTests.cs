using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.Vip;

/// <summary>Finding the VIP holder in the lab from the nodes' own interfaces and from who answers on the VIP.</summary>
[Collection(LabCollection.Name)]
public sealed class VipLocatorTests(LabFixture lab)
{
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LocateAsync_IsHeldByMail1_WhenNodeViewsAndBannerAgree()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var host = scope.Build();

        var report = await host.Services.GetRequiredService<VipLocator>().LocateAsync(LabService.Of(host.Services), Token);

        Assert.Equal(VipVerdict.HeldBy, report.Verdict);
        Assert.Equal(Mail1, report.Holder);
        Assert.Equal(Mail1, report.AnsweredBy);
        Assert.Equal([new NodeVipView(Mail1, true), new NodeVipView(Mail2, false)], report.Nodes);
        Assert.Equal(new Answered("220 mail1.lab ESMTP MailHa-lab"), report.External);
    }

    [Fact]
    public async Task LocateAsync_IsSplitBrain_WhenBothNodesHoldVip()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var host = scope.Build();

        VipReport report;
        await scope.AddVipAsync("mail2"); // undone in finally: mail1 keeps it and announces it again
        try
        {
            report = await host.Services.GetRequiredService<VipLocator>().LocateAsync(LabService.Of(host.Services), Token);
        }
        finally
        {
            await scope.RemoveVipAsync("mail2", holder: "mail1", Token);
        }

        Assert.Equal(VipVerdict.SplitBrain, report.Verdict);
        Assert.Null(report.Holder);
        Assert.Equal([new NodeVipView(Mail1, true), new NodeVipView(Mail2, true)], report.Nodes);
    }
}
