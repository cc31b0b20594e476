using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Ldap;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MailHa.IntegrationTests.Ldap;

/// <summary>
/// The replication check against the lab's two masters: OpenLDAP multi-provider, or 389 DS suppliers in test.sh's second
/// pass (in sync read from RUVs and agreements, a stopped supplier reconnected through the kept session and its peer's
/// agreement retrying after the restart).
/// </summary>
[Collection(LabCollection.Name)]
[Trait(DirectoryPass.Trait, DirectoryPass.Both)]
public sealed class ReplicationCheckerTests(LabFixture lab)
{
    private static readonly string[] Replicated = ["o=internet", "o=pab", "o=usergroup"];
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");

    private readonly LabLdap _ldap = new(lab);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("mail1", "mail2", "uid=user05,ou=People,o=internet", "o=internet")]
    [InlineData("mail2", "mail1", "cn=Alice Example,ou=user01,o=pab", "o=pab")]
    public async Task CheckAsync_ReportsInSync_WhenWriteOnEitherMasterHasConverged(string writer, string reader, string dn, string suffix)
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var host = scope.Build();
        var checker = host.Services.GetRequiredService<ReplicationChecker>();
        var value = $"mailha-test {Guid.NewGuid():N}";

        ReplicationReport? report = null;
        bool converged, inSync;
        await _ldap.AddValueAsync(writer, dn, "description", value);
        try
        {
            converged = await Eventually.TrueAsync(
                async () => (await _ldap.ReadAsync(reader, dn, "description"))?.Contains(value) == true, TimeSpan.FromSeconds(30), Token);
            // contextCSN follows the entry on the reader a moment later: wait for the check to see both equal.
            inSync = await Eventually.TrueAsync(
                async () =>
                {
                    report = await checker.CheckAsync(Token);
                    return report.Suffixes.All(s => s is InSync { Lag.Ticks: 0 });
                },
                TimeSpan.FromSeconds(30),
                Token);
        }
        finally
        {
            await _ldap.DeleteValueAsync(writer, dn, "description", value);
            await Eventually.TrueAsync(
                async () => (await _ldap.ReadAsync(reader, dn, "description"))?.Contains(value) == false, TimeSpan.FromSeconds(30), Token);
        }

        Assert.True(converged, $"the write on {writer} did not reach {reader}");
        Assert.True(inSync, $"the check never said in sync: {string.Join("; ", report!.Suffixes.Select(s => s.Describe()))}");
        Assert.Equal(ReplicationState.InSync, report!.State);
        Assert.Equal(Replicated, report.Suffixes.Select(s => s.Suffix));
        Assert.Equal(TimeSpan.Zero, Assert.IsType<InSync>(Assert.Single(report.Suffixes, s => s.Suffix == suffix)).Lag);
    }

    [Fact]
    public async Task CheckAsync_ReportsEveryReplicatedSuffixBrokenWithUnreachable_WhenOneSlapdIsStopped()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var host = scope.Build();
        var checker = host.Services.GetRequiredService<ReplicationChecker>();

        ReplicationReport report;
        await lab.RunAsync("stop", "mail2", "slapd");
        try
        {
            report = await checker.CheckAsync(Token);
        }
        finally
        {
            await lab.RunAsync("start", "mail2", "slapd");
        }

        Assert.Equal(ReplicationState.Broken, report.State);
        Assert.Equal(Replicated, report.Suffixes.Select(s => s.Suffix));
        Assert.All(report.Suffixes, suffix =>
        {
            var broken = Assert.IsType<Broken>(suffix);
            // (On 389 DS, mail1's agreement to mail2 may report its failure too: see SunOneReplicationTests.)
            var unreachable = Assert.Single(broken.Reasons.OfType<NodeUnreachable>());
            Assert.Equal(Mail2, unreachable.Node);
        });

        // And it heals once slapd is back (syncrepl retries every second; the 389 DS agreements back off to 2 s at most).
        var healed = await Eventually.TrueAsync(
            async () => (await checker.CheckAsync(Token)).State == ReplicationState.InSync, TimeSpan.FromSeconds(60), Token);
        Assert.True(healed, "replication did not come back in sync after slapd restarted on mail2");
    }

    [Fact]
    public async Task CheckAsync_NeverReadsNonReplicatedSuffix_WhenItDiffersBetweenNodes()
    {
        lab.RequireLab();
        await using var scope = await LabScope.StartAsync(lab, Token);
        RecordingDirectoryClientFactory? recording = null;
        using var host = scope.Build(configure: services =>
        {
            services.AddSingleton<LdapDirectoryClientFactory>();
            services.Replace(ServiceDescriptor.Singleton<IDirectoryClientFactory>(sp =>
                recording = new RecordingDirectoryClientFactory(sp.GetRequiredService<LdapDirectoryClientFactory>())));
        });
        var checker = host.Services.GetRequiredService<ReplicationChecker>();
        // o=comms-config is each server's own: mail1's entry exists on mail1 only.
        Assert.Equal(["local.hostname=mail1.lab"], await _ldap.ReadAsync("mail1", "cn=mail1,o=comms-config", "description"));
        Assert.Null(await _ldap.ReadAsync("mail2", "cn=mail1,o=comms-config", "description"));

        var report = await checker.CheckAsync(Token);

        Assert.True(report.State == ReplicationState.InSync, string.Join("; ", report.Suffixes.Select(s => s.Describe())));
        Assert.Equal(Replicated, report.Suffixes.Select(s => s.Suffix));
        var reads = recording!.SuffixReads;
        Assert.Equal(
            Replicated.SelectMany(s => new[] { $"{Mail1} {s}", $"{Mail2} {s}" }).Order(StringComparer.Ordinal),
            reads.Select(r => $"{r.Node} {r.Suffix}").Order(StringComparer.Ordinal));
        Assert.DoesNotContain(reads, r => r.Suffix.Contains("comms-config", StringComparison.OrdinalIgnoreCase));
    }
}
