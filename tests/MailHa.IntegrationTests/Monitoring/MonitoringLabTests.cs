using System.Net;
using System.Text.Json;
using MailHa.IntegrationTests.EndToEnd;
using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Status;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.Monitoring;

/// <summary>The bot's readiness and metrics against the real lab: real SSH to both hosts, real VIP, two real slapd.</summary>
[Collection(LabCollection.Name)]
public sealed class MonitoringLabTests(LabFixture lab)
{
    // Hang guard, not a threshold: a broken build fails instead of hanging CI.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readyz_StaysReadyNamingTheNode_WhenItsSshdIsStopped_AndMetricsFollowTheRealStatus()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        var standby = scope.Hosts.First(h => h != scope.Primary);

        // Stopped before the bot opens any connection: an open SSH session outlives its daemon.
        await lab.RunAsync("stop", standby, "sshd");
        await using var bot = await LabBot.StartAsync(scope, null, null, Token);
        using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { BaseAddress = bot.BaseAddress };
        try
        {
            (HttpStatusCode, string) degraded = default;
            Assert.True(await Eventually.TrueAsync(async () => (degraded = await StatusAsync(http)).Item2 == "Degraded", Patience, Token), $"last: {degraded}");

            // A dead node is when on-call needs MailHa: still ready, with the node named.
            Assert.Equal(HttpStatusCode.OK, degraded.Item1);
            using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("readyz", UriKind.Relative), Token));
            Assert.Contains(standby, json.RootElement.GetProperty("entries").GetProperty("nodes").GetProperty("description").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            await lab.RunAsync("start", standby, "sshd");
        }

        Assert.True(await Eventually.TrueAsync(async () => await StatusAsync(http) == (HttpStatusCode.OK, "Healthy"), Patience, Token), "never healthy again");
        await bot.Services.GetRequiredService<StatusService>().GetAsync(Token);
        var metrics = (await http.GetStringAsync(new Uri("metrics", UriKind.Relative), Token)).Split('\n');
        Assert.Contains(metrics, l => l.StartsWith("mailha_vip_holders{service=", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        var broken = metrics.Where(l => l.StartsWith("mailha_directory_replication_broken{pair=", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(broken);
        Assert.All(broken, l => Assert.EndsWith(" 0", l, StringComparison.Ordinal));
    }

    private static async Task<(HttpStatusCode, string)> StatusAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("readyz", UriKind.Relative), Token);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Token));
        return (response.StatusCode, json.RootElement.GetProperty("status").GetString() ?? "");
    }
}
