using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Ldap;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.Ldap;

/// <summary>The end-to-end canary probe: a real write on one master, awaited on the other, both ways.</summary>
[Collection(LabCollection.Name)]
public sealed class ReplicationProbeTests(LabFixture lab)
{
    private const string Canary = "cn=mailha-canary,o=usergroup";
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");

    private readonly LabLdap _ldap = new(lab);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ProbeAsync_ConvergesBothWaysWithMeasuredDelay_WhenBothMastersReplicate()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var host = scope.Build();
        var probe = host.Services.GetRequiredService<ReplicationProbe>();
        var canaryExisted = await _ldap.ReadAsync("mail1", Canary, "description") is not null;

        ProbeReport report;
        try
        {
            report = await probe.ProbeAsync(Token);
        }
        finally
        {
            if (!canaryExisted)
            {
                await RemoveCanaryAsync();
            }
        }

        Assert.True(report.Converged, string.Join("; ", report.Directions.Select(d => d.Describe())));
        Assert.Collection(
            report.Directions,
            there =>
            {
                var converged = Assert.IsType<ProbeConverged>(there);
                Assert.Equal((Mail1, Mail2), (converged.From, converged.To));
                Assert.True(converged.Delay >= TimeSpan.Zero);
            },
            back =>
            {
                var converged = Assert.IsType<ProbeConverged>(back);
                Assert.Equal((Mail2, Mail1), (converged.From, converged.To));
                Assert.True(converged.Delay >= TimeSpan.Zero);
            });
    }

    /// <summary>Leaves the directory as the lab made it: no canary on either master.</summary>
    private async Task RemoveCanaryAsync()
    {
        if (await _ldap.ReadAsync("mail1", Canary, "description") is not null)
        {
            await _ldap.DeleteEntryAsync("mail1", Canary);
        }

        var gone = await Eventually.TrueAsync(async () => await _ldap.ReadAsync("mail2", Canary, "description") is null, TimeSpan.FromSeconds(30), Token);
        if (!gone)
        {
            throw new InvalidOperationException($"{Canary} deleted on mail1 is still on mail2");
        }
    }
}
