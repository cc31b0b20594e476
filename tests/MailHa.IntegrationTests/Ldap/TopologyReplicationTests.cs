using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Ldap;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.Ldap;

/// <summary>
/// The directories of the symmetric and N+1 labs (either flavour: test.sh runs N+1's again with 389 DS): every host
/// replicates with every other, and MailHa checks and probes each pair of nodes that serve or back up a common service.
/// The tests are written once here; each topology's class says which pairs it has.
/// </summary>
public abstract class TopologyReplicationTests(LabFixture lab)
{
    private const string Canary = "cn=mailha-canary,o=usergroup";
    private const string Written = "cn=staff,ou=Groups,o=usergroup";

    private readonly LabLdap _ldap = new(lab);

    /// <summary>The pairs MailHa compares in this topology, in order.</summary>
    protected abstract IReadOnlyList<ReplicationPair> Pairs { get; }

    /// <summary>A host whose directory a test stops; the pairs without it must stay in sync.</summary>
    protected abstract string Stopped { get; }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Lab_ReplicatesAWriteOnAnyHostToEveryOtherHost()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);

        foreach (var writer in scope.Hosts)
        {
            var value = $"written on {writer} {Guid.NewGuid():N}";
            await _ldap.ReplaceAsync(writer, Written, "description", value);
            foreach (var reader in scope.Hosts.Where(h => h != writer))
            {
                var arrived = await Eventually.TrueAsync(async () => await _ldap.ReadAsync(reader, Written, "description") is [var v] && v == value, TimeSpan.FromSeconds(30), Token);
                Assert.True(arrived, $"a write on {writer} did not reach {reader} within 30 s");
            }
        }
    }

    [Fact]
    public async Task CheckAsync_ReportsEveryPairOfTheTopologyInSync()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var host = scope.Build();
        var checker = host.Services.GetRequiredService<ReplicationChecker>();

        ReplicationReport? report = null;
        var inSync = await Eventually.TrueAsync(async () => (report = await checker.CheckAsync(Token)).State == ReplicationState.InSync, TimeSpan.FromSeconds(60), Token);

        Assert.True(inSync, string.Join("; ", report!.Pairs.SelectMany(p => p.Suffixes).Select(s => s.Describe())));
        Assert.Equal(Pairs, report.Pairs.Select(p => p.Pair));
        Assert.All(report.Pairs, p => Assert.Equal(["o=internet", "o=pab", "o=usergroup"], p.Suffixes.Select(s => s.Suffix)));
    }

    [Fact]
    public async Task ProbeAsync_ConvergesBothWaysForEveryPair()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var host = scope.Build();
        var probe = host.Services.GetRequiredService<ReplicationProbe>();

        ProbeReport report;
        try
        {
            report = await probe.ProbeAsync(Token);
        }
        finally
        {
            await RemoveCanaryAsync(scope.Hosts);
        }

        Assert.True(report.Converged, string.Join("; ", report.Directions.Select(d => d.Describe())));
        Assert.Equal(Pairs.SelectMany(p => new[] { (p.First, p.Second), (p.Second, p.First) }), report.Directions.Select(d => (d.From, d.To)));
    }

    [Fact]
    public async Task CheckAsync_ReportsOnlyThePairsOfAStoppedDirectoryBroken()
    {
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var host = scope.Build();
        var checker = host.Services.GetRequiredService<ReplicationChecker>();
        var stopped = new NodeName(Stopped);

        await lab.RunAsync("stop", Stopped, "ldap");
        var report = await checker.CheckAsync(Token);

        Assert.Equal(Pairs, report.Pairs.Select(p => p.Pair));
        foreach (var pair in report.Pairs)
        {
            if (pair.Pair.First == stopped || pair.Pair.Second == stopped)
            {
                Assert.All(pair.Suffixes, s => Assert.Contains(Assert.IsType<Broken>(s).Reasons, r => r is NodeUnreachable u && u.Node == stopped));
            }
            else
            {
                Assert.Equal(ReplicationState.InSync, pair.State);
            }
        }

        Assert.Equal(ReplicationState.Broken, report.State);
    }

    /// <summary>Leaves the directory as the lab made it: no canary on any host.</summary>
    private async Task RemoveCanaryAsync(IReadOnlyList<string> hosts)
    {
        if (await _ldap.ReadAsync(hosts[0], Canary, "description") is not null)
        {
            await _ldap.DeleteEntryAsync(hosts[0], Canary);
        }

        foreach (var other in hosts.Skip(1))
        {
            var gone = await Eventually.TrueAsync(async () => await _ldap.ReadAsync(other, Canary, "description") is null, TimeSpan.FromSeconds(30), Token);
            Assert.True(gone, $"{Canary} deleted on {hosts[0]} is still on {other}");
        }
    }
}

/// <summary>Symmetric: mail1 and mail2 back each other up, so they are the one pair.</summary>
[Collection(SymmetricLabCollection.Name)]
public sealed class SymmetricReplicationTests(LabFixture lab) : TopologyReplicationTests(lab)
{
    protected override IReadOnlyList<ReplicationPair> Pairs { get; } = [new(new("mail1"), new("mail2"))];

    protected override string Stopped => "mail2";
}

/// <summary>
/// N+1: each primary with the standby mail3; the two primaries share no service (yet their directories replicate too).
/// In both passes: with 389 DS, three suppliers' RUVs each carry the third's changes and mail3 keeps an agreement to the
/// other primary, which a pair's check must leave out (the symmetric lab's two suppliers are the asymmetric lab's case).
/// </summary>
[Collection(NPlusOneLabCollection.Name)]
[Trait(DirectoryPass.Trait, DirectoryPass.Both)]
public sealed class NPlusOneReplicationTests(LabFixture lab) : TopologyReplicationTests(lab)
{
    protected override IReadOnlyList<ReplicationPair> Pairs { get; } = [new(new("mail1"), new("mail3")), new(new("mail2"), new("mail3"))];

    protected override string Stopped => "mail2";
}
