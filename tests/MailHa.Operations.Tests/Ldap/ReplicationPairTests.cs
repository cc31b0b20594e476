using MailHa.Operations.Ldap;
using MailHa.Operations.Topology;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static MailHa.Operations.Tests.Ldap.LdapTestOptions;

namespace MailHa.Operations.Tests.Ldap;

/// <summary>Which directories are compared with which (<see cref="ReplicationPair"/>), and the checker and probe reporting per pair.</summary>
public sealed class ReplicationPairTests
{
    private const string Csn = "20261125164226.376917Z#000000#001#000000";
    private const string Succeeded = "0 Replica acquired successfully: Incremental update succeeded";

    private static readonly string[] Ruv =
    [
        "{replicageneration} 3b0ec2d6000000010000",
        "{replica 1 ldap://198.18.15.1:389} 3b0ec2d6000100010000 3b0ec2d9000000010000",
    ];

    private readonly SteppingClock _clock = new();
    private readonly FakeDirectory _directory = new(Mail1, Mail2, Mail3);

    [Fact]
    public void Of_IsTheOnePair_WhenAsymmetric()
    {
        Assert.Equal([new ReplicationPair(Mail1, Mail2)], ReplicationPair.Of(TestTopology()));
    }

    [Fact]
    public void Of_IsTheOnePair_WhenSymmetric()
    {
        Assert.Equal([new ReplicationPair(Mail1, Mail2)], ReplicationPair.Of(Services([1, 2], [2, 1])));
    }

    [Fact]
    public void Of_PairsEachPrimaryWithTheStandbyOnly_WhenNPlusOne()
    {
        var pairs = ReplicationPair.Of(Services([1, 3], [2, 3]));

        Assert.Equal([new ReplicationPair(Mail1, Mail3), new ReplicationPair(Mail2, Mail3)], pairs);
        Assert.DoesNotContain(pairs, p => p.Joins(Mail1, Mail2));
        Assert.Equal([Mail1, Mail3, Mail2], ReplicationPair.NodesOf(pairs));
    }

    [Fact]
    public void Of_PairsEveryTwoNodesOfAService_WhenItListsThree()
    {
        var pairs = ReplicationPair.Of(Services([1, 2, 3]));

        Assert.Equal([new ReplicationPair(Mail1, Mail2), new ReplicationPair(Mail1, Mail3), new ReplicationPair(Mail2, Mail3)], pairs);
    }

    [Fact]
    public void Of_KeepsTwoIndependentPairsApart_WhenTwoClustersShareNoNode()
    {
        var pairs = ReplicationPair.Of(Services([1, 2], [3, 4]));

        Assert.Equal([new ReplicationPair(Mail1, Mail2), new ReplicationPair(Mail3, new NodeName("jt-mail4"))], pairs);
    }

    [Fact]
    public async Task Check_ReportsEachPrimaryWithTheStandby_ReadingEachServerOncePerSuffix_WhenNPlusOne()
    {
        SameEverywhere();

        var report = await Checker(Services([1, 3], [2, 3])).CheckAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ReplicationState.InSync, report.State);
        Assert.Equal([new ReplicationPair(Mail1, Mail3), new ReplicationPair(Mail2, Mail3)], report.Pairs.Select(p => p.Pair));
        Assert.All(report.Pairs, p => Assert.Equal(Replicated, p.Suffixes.Select(s => s.Suffix)));
        Assert.Equal(3 * Replicated.Length, _directory.Calls.Count(c => c.Contains(" state ", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Check_ReportsOnlyThePairOfTheServerThatIsBehind_WhenNPlusOne()
    {
        SameEverywhere();
        var written = _clock.GetUtcNow().AddMinutes(-2).UtcDateTime;
        _directory[Mail1].ContextCsns("o=pab", Csn, $"{written:yyyyMMddHHmmss}.000000Z#000000#003#000000");
        _directory[Mail3].ContextCsns("o=pab", Csn, $"{written:yyyyMMddHHmmss}.000000Z#000000#003#000000");

        var report = await Checker(Services([1, 3], [2, 3])).CheckAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ReplicationState.InSync, report.Pairs[0].State);
        var lagging = Assert.IsType<Lagging>(report.Pairs[1].Suffixes[1]);
        Assert.Equal(Mail2, lagging.Behind);
        Assert.Equal(ReplicationState.Lagging, report.State);
        Assert.Equal(lagging with { Between = report.Pairs[1].Pair }, report.Suffixes[4]);
        Assert.Equal((Mail2, Mail3, TimeSpan.FromMinutes(2)), (report.Pairs[1].Pair.First, report.Pairs[1].Pair.Second, lagging.By));
    }

    [Fact]
    public async Task Check_ReadsAsBefore_WhenThereIsOnePair()
    {
        SameEverywhere();

        var report = await Checker(Services([1, 2], [2, 1])).CheckAsync(TestContext.Current.CancellationToken);

        var pair = Assert.Single(report.Pairs);
        Assert.Equal(pair.Suffixes, report.Suffixes);
        Assert.All(report.Suffixes, s => Assert.Null(s.Between));
        Assert.DoesNotContain(_directory.Calls, c => c.StartsWith("jt-mail3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_SunOne_IgnoresAnAgreementToTheOtherPrimary_WhenCheckingAPrimaryWithTheStandby()
    {
        foreach (var suffix in Replicated)
        {
            // A full mesh, as the lab builds it: mail1 also feeds mail2, and that agreement fails (mail2 is down).
            _directory[Mail1].Ruv(suffix, Ruv, Agreement(1, 3, Succeeded), Agreement(1, 2, "-1 Unable to acquire replica: the replica is down"));
            _directory[Mail3].Ruv(suffix, Ruv, Agreement(3, 1, Succeeded), Agreement(3, 2, "-1 Unable to acquire replica: the replica is down"));
            _directory[Mail2].Ruv(suffix, Ruv, Agreement(2, 1, Succeeded), Agreement(2, 3, Succeeded));
        }

        var report = await Checker(Services([1, 3], [2, 3]), DirectoryKind.SunOne).CheckAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ReplicationState.InSync, report.Pairs[0].State);
        var broken = Assert.IsType<Broken>(report.Pairs[1].Suffixes[0]);
        Assert.All(broken.Reasons, r => Assert.Equal(Mail3, Assert.IsType<AgreementError>(r).Node));
    }

    [Fact]
    public async Task Probe_RunsBothDirectionsOfEveryPair_WhenNPlusOne()
    {
        var probe = new ReplicationProbe(_directory, Options.Create(Directory()), Services([1, 3], [2, 3]), _clock, NullLogger<ReplicationProbe>.Instance);

        var report = await _clock.DriveAsync(probe.ProbeAsync(TestContext.Current.CancellationToken), TimeSpan.FromMilliseconds(250));

        Assert.True(report.Converged);
        Assert.Equal(
            [(Mail1, Mail3), (Mail3, Mail1), (Mail2, Mail3), (Mail3, Mail2)],
            report.Directions.Select(d => (d.From, d.To)));
    }

    private static ReplicationAgreement Agreement(int from, int to, string status) =>
        new($"jt-mail{from}-to-jt-mail{to}", $"198.18.15.{to}", 389, status, "20261125163012Z", "FALSE");

    private void SameEverywhere()
    {
        foreach (var node in new[] { Mail1, Mail2, Mail3 })
        {
            foreach (var suffix in Replicated)
            {
                _directory[node].ContextCsns(suffix, Csn);
            }
        }
    }

    private ReplicationChecker Checker(MailTopology topology, DirectoryKind kind = DirectoryKind.OpenLdap) =>
        new(_directory, Options.Create(Directory(kind)), topology, _clock, NullLogger<ReplicationChecker>.Instance);
}
