using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.Vip;

/// <summary>Probing the lab's SMTP service from outside: the banner names the host that answers.</summary>
[Collection(LabCollection.Name)]
public sealed class TcpServiceProbeTests(LabFixture lab)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("198.18.15.10", "mail1")] // the VIP, on mail1
    [InlineData("198.18.15.1", "mail1")]
    [InlineData("198.18.15.2", "mail2")]
    public async Task ProbeAsync_ReadsBannerNamingTheHost_WhenSmtpAnswers(string address, string expected)
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var host = scope.Build();
        var probe = host.Services.GetRequiredService<IServiceProbe>();
        var locator = host.Services.GetRequiredService<VipLocator>();

        var answer = await probe.ProbeAsync(address, 25, TimeSpan.FromSeconds(5), Token);

        Assert.Equal(new Answered($"220 {expected}.lab ESMTP MailHa-lab"), answer);
        Assert.Equal(new NodeName(expected), locator.IdentifyAnswer(answer));
    }

    [Fact]
    public async Task ProbeAsync_IsSilent_WhenSmtpIsStopped()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var host = scope.Build();
        var probe = host.Services.GetRequiredService<IServiceProbe>();
        var locator = host.Services.GetRequiredService<VipLocator>();

        ServiceAnswer answer;
        await lab.RunAsync("stop", "mail2", "smtp");
        try
        {
            answer = await probe.ProbeAsync("198.18.15.2", 25, TimeSpan.FromSeconds(5), Token);
        }
        finally
        {
            await lab.RunAsync("start", "mail2", "smtp");
        }

        var silent = Assert.IsType<Silent>(answer);
        Assert.Equal("198.18.15.2:25: ConnectionRefused", silent.Reason);
        Assert.Null(locator.IdentifyAnswer(answer));
    }
}
