using MailHa.Operations.Ldap;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static MailHa.Operations.Tests.Ldap.LdapTestOptions;

namespace MailHa.Operations.Tests.Ldap;

public class ReplicationCheckerTests
{
    // Recorded from a two-provider slapd pair (sids 001 and 002).
    private const string Sid1 = "20261125164226.376917Z#000000#001#000000";
    private const string Sid2 = "20261125164231.400972Z#000000#002#000000";

    private static readonly string[] Ruv =
    [
        "{replicageneration} 3b0ec2d6000000010000",
        "{replica 1 ldap://jt-mail1.dnmc.com.cn:389} 3b0ec2d6000100010000 3b0ec2d9000000010000",
        "{replica 2 ldap://jt-mail2.dnmc.com.cn:389} 3b0ec2e1000000020000 3b0ec2e5000300020000",
    ];

    private readonly SteppingClock _clock = new();
    private readonly FakeDirectory _directory = new(Mail1, Mail2);

    [Fact]
    public async Task Check_ReportsInSync_WhenBothHoldTheSameContextCsnsForEverySid()
    {
        SameEverywhere(Sid1, Sid2);

        var report = await CheckAsync();

        Assert.Equal(ReplicationState.InSync, report.State);
        Assert.Equal(Replicated, report.Suffixes.Select(s => s.Suffix));
        Assert.All(report.Suffixes, s => Assert.Equal(TimeSpan.Zero, Assert.IsType<InSync>(s).Lag));
    }

    [Fact]
    public async Task Check_ReportsLagging_WithRealTimeLag_AcrossADayBoundary()
    {
        SameEverywhere(Sid1);
        _directory[Mail1].ContextCsns("o=pab", "20261125235958.500000Z#000000#001#000000");
        _directory[Mail2].ContextCsns("o=pab", "20261126000012.250000Z#000000#001#000000");

        var report = await CheckAsync();

        Assert.Equal(ReplicationState.Lagging, report.State);
        var lagging = Assert.IsType<Lagging>(report.Suffixes[1]);
        Assert.Equal("o=pab", lagging.Suffix);
        Assert.Equal(Mail1, lagging.Behind);
        Assert.Equal(TimeSpan.FromSeconds(13.75), lagging.By);
        Assert.IsType<InSync>(report.Suffixes[0]);
    }

    [Fact]
    public async Task Check_ReportsInSync_WhenLagAcrossAMinuteBoundaryIsWithinTolerance()
    {
        SameEverywhere(Sid1);
        _directory[Mail1].ContextCsns("o=internet", "20261125163059.900000Z#000000#001#000000");
        _directory[Mail2].ContextCsns("o=internet", "20261125163100.100000Z#000000#001#000000");

        var report = await CheckAsync();

        Assert.Equal(TimeSpan.FromMilliseconds(200), Assert.IsType<InSync>(report.Suffixes[0]).Lag);
    }

    [Fact]
    public async Task Check_ReportsLagging_WhenOneServerHasNeverSeenTheOthersChanges()
    {
        SameEverywhere(Sid1);
        var written = _clock.GetUtcNow().AddMinutes(-2).UtcDateTime;
        _directory[Mail1].ContextCsns("o=usergroup", Sid1);
        _directory[Mail2].ContextCsns("o=usergroup", Sid1, $"{written:yyyyMMddHHmmss}.000000Z#000000#002#000000");

        var report = await CheckAsync();

        var lagging = Assert.IsType<Lagging>(report.Suffixes[2]);
        Assert.Equal(Mail1, lagging.Behind);
        Assert.Equal(TimeSpan.FromMinutes(2), lagging.By);
        Assert.True(Assert.Single(lagging.Origins).NeverSeen);
    }

    [Fact]
    public async Task Check_ReportsEverySuffixBroken_WhenOneNodeIsUnreachable()
    {
        SameEverywhere(Sid1);
        _directory[Mail2].BindFault = new NodeUnreachable(Mail2, "ldap bind: The LDAP server is unavailable.");

        var report = await CheckAsync();

        Assert.Equal(ReplicationState.Broken, report.State);
        Assert.All(report.Suffixes, s => Assert.IsType<NodeUnreachable>(Assert.Single(Assert.IsType<Broken>(s).Reasons)));
        Assert.DoesNotContain(_directory.Calls, c => c.StartsWith("jt-mail2 state", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_ReportsUnreachable_WhenABindHangsPastTheTimeout()
    {
        SameEverywhere(Sid1);
        _directory[Mail2].BindHangs = true;

        var report = await _clock.DriveAsync(Checker().CheckAsync(TestContext.Current.CancellationToken), step: TimeSpan.FromSeconds(6));

        var broken = Assert.IsType<Broken>(report.Suffixes[0]);
        var fault = Assert.IsType<NodeUnreachable>(Assert.Single(broken.Reasons));
        Assert.Equal(Mail2, fault.Node);
        Assert.Contains("within 5 s", fault.Reason);
    }

    [Fact]
    public async Task Check_ClosesEverySession_WhenCancelledWhileABindIsPending()
    {
        SameEverywhere(Sid1);
        var answer = new TaskCompletionSource();
        _directory[Mail2].BindAnswer = answer;
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        var checker = Checker();
        var run = checker.CheckAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        answer.SetResult(); // continuations run inline: the late session is closed before this returns

        Assert.Contains("jt-mail2 unbind", _directory.Calls);
        checker.Dispose();
        Assert.Contains("jt-mail1 unbind", _directory.Calls);
    }

    [Fact]
    public async Task Check_ReportsBroken_WhenBindIsRefused()
    {
        SameEverywhere(Sid1);
        _directory[Mail1].BindFault = new BindRefused(Mail1, "invalid credentials for cn=Directory Manager");

        var report = await CheckAsync();

        var reason = Assert.Single(Assert.IsType<Broken>(report.Suffixes[0]).Reasons);
        Assert.Equal(new BindRefused(Mail1, "invalid credentials for cn=Directory Manager"), reason);
    }

    [Fact]
    public async Task Check_ReportsOnlyThatSuffixBroken_WhenASuffixIsMissingOnOneNode()
    {
        SameEverywhere(Sid1);
        _directory[Mail2].Fails("o=pab", new SuffixMissing(Mail2, "o=pab"));

        var report = await CheckAsync();

        Assert.IsType<InSync>(report.Suffixes[0]);
        Assert.Equal(new SuffixMissing(Mail2, "o=pab"), Assert.Single(Assert.IsType<Broken>(report.Suffixes[1]).Reasons));
        Assert.IsType<InSync>(report.Suffixes[2]);
        Assert.Equal(ReplicationState.Broken, report.State);
    }

    [Fact]
    public async Task Check_NeverReadsNonReplicatedSuffixes()
    {
        SameEverywhere(Sid1);
        foreach (var own in OwnSuffixes)
        {
            // Wildly different on purpose: if they were compared, the report could not be in sync.
            _directory[Mail1].ContextCsns(own, "20001125163012.000000Z#000000#001#000000");
            _directory[Mail2].Fails(own, new SuffixMissing(Mail2, own));
        }

        var report = await CheckAsync();

        Assert.Equal(ReplicationState.InSync, report.State);
        Assert.Equal(Replicated, report.Suffixes.Select(s => s.Suffix));
        var reads = _directory.Calls.Where(c => c.Contains(" state ", StringComparison.Ordinal)).ToList();
        Assert.Equal(6, reads.Count);
        Assert.All(OwnSuffixes, own => Assert.DoesNotContain(reads, r => r.EndsWith(" " + own, StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Check_ReportsBroken_WhenAContextCsnIsUnreadable()
    {
        SameEverywhere(Sid1);
        _directory[Mail1].ContextCsns("o=internet", "garbage");

        var report = await CheckAsync();

        Assert.IsType<UnreadableState>(Assert.Single(Assert.IsType<Broken>(report.Suffixes[0]).Reasons));
    }

    [Fact]
    public async Task Check_BindsOncePerNode_AcrossChecks_AndClosesTheSessionsWhenDisposed()
    {
        SameEverywhere(Sid1);
        var checker = Checker();

        await checker.CheckAsync(TestContext.Current.CancellationToken);
        var second = await checker.CheckAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ReplicationState.InSync, second.State);
        Assert.Equal(2, _directory.Calls.Count(c => c.EndsWith(" bind", StringComparison.Ordinal)));
        Assert.DoesNotContain(_directory.Calls, c => c.EndsWith(" unbind", StringComparison.Ordinal));
        checker.Dispose();
        Assert.Equal(2, _directory.Calls.Count(c => c.EndsWith(" unbind", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Check_BindsAgainAndReportsInSync_WhenAKeptSessionWasLost()
    {
        SameEverywhere(Sid1);
        using var checker = Checker();
        await checker.CheckAsync(TestContext.Current.CancellationToken);
        _directory[Mail2].DropSessions();

        var report = await checker.CheckAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ReplicationState.InSync, report.State);
        Assert.Equal(["jt-mail2 unbind", "jt-mail2 bind"], _directory.Calls.Where(c => c.StartsWith("jt-mail2", StringComparison.Ordinal) && c.Contains("bind", StringComparison.Ordinal)).Skip(1));
    }

    [Fact]
    public async Task Check_ReportsEverySuffixBroken_WhenANodeIsLostMidCheckAndCannotBeBoundAgain()
    {
        SameEverywhere(Sid1);
        using var checker = Checker();
        await checker.CheckAsync(TestContext.Current.CancellationToken);
        _directory[Mail2].DropSessions();
        _directory[Mail2].BindFault = new NodeUnreachable(Mail2, "ldap bind: The LDAP server is unavailable.");

        var report = await checker.CheckAsync(TestContext.Current.CancellationToken);

        Assert.All(report.Suffixes, s => Assert.Equal(new NodeUnreachable(Mail2, "ldap bind: The LDAP server is unavailable."), Assert.Single(Assert.IsType<Broken>(s).Reasons)));
    }

    [Fact]
    public async Task Check_SunOne_ReportsInSync_WhenRuvsMatchAndAgreementsSucceedOrAreBusy()
    {
        SunOneEverywhere(Ruv);
        _directory[Mail2].Ruv("o=pab", Ruv, Agreement("1 Can't acquire busy replica"));

        var report = await CheckAsync(DirectoryKind.SunOne);

        Assert.Equal(ReplicationState.InSync, report.State);
    }

    [Fact]
    public async Task Check_SunOne_ReportsLagging_FromMaxCsnPerReplica()
    {
        SunOneEverywhere(Ruv);
        _directory[Mail2].Ruv("o=internet",
        [
            "{replicageneration} 3b0ec2d6000000010000",
            "{replica 2 ldap://jt-mail2.dnmc.com.cn:389} 3b0ec2e1000000020000 3b0ec2e5000300020000",
            "{replica 1 ldap://jt-mail1.dnmc.com.cn:389} 3b0ec2d6000100010000 3b0ec2a0000000010000",
        ], Agreement("0 Replica acquired successfully: Incremental update succeeded"));

        var report = await CheckAsync(DirectoryKind.SunOne);

        var lagging = Assert.IsType<Lagging>(report.Suffixes[0]);
        Assert.Equal(Mail2, lagging.Behind);
        Assert.Equal(TimeSpan.FromSeconds(0x3b0ec2d9 - 0x3b0ec2a0), lagging.By);
    }

    [Fact]
    public async Task Check_SunOne_ReportsLagging_WhenAReplicaIdHasNoCsnOnThePeer_AndNoUpdateWasSentSince()
    {
        SunOneEverywhere(Ruv);
        _directory[Mail2].Ruv("o=usergroup", [Ruv[0], Ruv[2], "{replica 1 ldap://jt-mail1.dnmc.com.cn:389}"], Agreement("0 Replica acquired successfully: Incremental update succeeded"));
        _directory[Mail1].Ruv("o=usergroup", Ruv, new ReplicationAgreement(
            "jt-mail1-to-jt-mail2", "jt-mail2.dnmc.com.cn", 389, "1 Can't acquire busy replica", "20010524000000Z", "FALSE"));

        var report = await CheckAsync(DirectoryKind.SunOne);

        var lagging = Assert.IsType<Lagging>(report.Suffixes[2]);
        Assert.Equal(Mail2, lagging.Behind);
        Assert.True(Assert.Single(lagging.Origins).NeverSeen);
    }

    [Fact]
    public async Task Check_SunOne_ReportsInSync_WhenTheMissingCsnPredatesASuccessfulUpdate()
    {
        // As a real 389 DS pair reads right after a total init: the consumer lists replica 1 with no CSN, because the
        // supplier's only CSN for it was made when replication was enabled and is never replicated.
        string[] supplier =
        [
            "{replicageneration} 6b0716be000000010000",
            "{replica 1 ldap://localhost:13489} 6b0716c3000200010000 6b0716c3000200010000",
            "{replica 2 ldap://localhost:13490} 6b0716c6000100020000 6b0716c8000000020000",
        ];
        string[] consumer =
        [
            "{replicageneration} 6b0716be000000010000",
            "{replica 2 ldap://localhost:13490} 6b0716c6000100020000 6b0716c8000000020000",
            "{replica 1 ldap://localhost:13489}",
        ];
        SunOneEverywhere(supplier);
        var sent = new ReplicationAgreement(
            "mail1-to-mail2-usergroup", "127.0.0.1", 13490, "Error (0) Replica acquired successfully: Incremental update succeeded", "20261125171139Z", "FALSE");
        _directory[Mail1].Ruv("o=usergroup", supplier, sent);
        _directory[Mail2].Ruv("o=usergroup", consumer, sent with { Name = "mail2-to-mail1-usergroup" });

        var report = await CheckAsync(DirectoryKind.SunOne);

        Assert.IsType<InSync>(report.Suffixes[2]);
    }

    [Fact]
    public async Task Check_SunOne_ReportsBroken_WhenReplicaGenerationsDiffer()
    {
        SunOneEverywhere(Ruv);
        _directory[Mail2].Ruv("o=usergroup", ["{replicageneration} 4a1f00aa000000020000", .. Ruv[1..]], Agreement("0 Replica acquired successfully: Incremental update succeeded"));

        var report = await CheckAsync(DirectoryKind.SunOne);

        var mismatch = Assert.IsType<GenerationMismatch>(Assert.Single(Assert.IsType<Broken>(report.Suffixes[2]).Reasons));
        Assert.Equal("4a1f00aa000000020000", mismatch.SecondGeneration);
    }

    [Fact]
    public async Task Check_SunOne_ReportsGenerationMismatchAndTotalUpdate_AsRecordedAfterAReimportOnOneMaster()
    {
        // Recorded from a 389 DS pair after jt-mail2's o=pab was re-imported from LDIF.
        const string status = "Error (19) Replication error acquiring replica: Replica has different database generation ID, remote replica may need to be initialized (RUV error)";
        SunOneEverywhere(Ruv);
        _directory[Mail1].Ruv("o=pab",
        [
            "{replicageneration} 6b071788000000010000",
            "{replica 1 ldap://localhost:13489} 6b07178a000200010000 6b071838000000010000",
            "{replica 2 ldap://localhost:13490} 6b07178d000100020000 6b07178f000000020000",
        ], new ReplicationAgreement("mail1-to-mail2-pab", "127.0.0.1", 13490, status, "20261125172233Z", "FALSE", "on"));
        _directory[Mail2].Ruv("o=pab",
        [
            "{replicageneration} 6b071832000000020000",
            "{replica 2 ldap://localhost:13490}",
        ], new ReplicationAgreement("mail2-to-mail1-pab", "127.0.0.1", 13489, status, "20261125172233Z", "FALSE", "on"));

        var report = await CheckAsync(DirectoryKind.SunOne);

        var reasons = Assert.IsType<Broken>(report.Suffixes[1]).Reasons;
        Assert.Equal(new GenerationMismatch(Mail1, "6b071788000000010000", Mail2, "6b071832000000020000"), reasons[0]);
        Assert.Equal([Mail1, Mail2], reasons.OfType<TotalUpdateRequired>().Select(r => r.Node));
        Assert.Equal(3, reasons.Count);
    }

    [Fact]
    public async Task Check_SunOne_ReportsTotalUpdateRequired_FromAgreementStatus()
    {
        SunOneEverywhere(Ruv);
        _directory[Mail1].Ruv("o=pab", Ruv, Agreement("-1 Incremental update aborted: total update required"));

        var report = await CheckAsync(DirectoryKind.SunOne);

        var fault = Assert.IsType<TotalUpdateRequired>(Assert.Single(Assert.IsType<Broken>(report.Suffixes[1]).Reasons));
        Assert.Equal(Mail1, fault.Node);
        Assert.Contains("total update required", fault.Status);
    }

    [Fact]
    public async Task Check_SunOne_ReportsAgreementError_WithTheServersText()
    {
        SunOneEverywhere(Ruv);
        const string status = "-1 Incremental update has failed and requires administrator action";
        _directory[Mail2].Ruv("o=pab", Ruv, Agreement(status));

        var report = await CheckAsync(DirectoryKind.SunOne);

        var fault = Assert.IsType<AgreementError>(Assert.Single(Assert.IsType<Broken>(report.Suffixes[1]).Reasons));
        Assert.Equal(status, fault.Status);
        Assert.Contains("jt-mail1", fault.Agreement);
    }

    [Fact]
    public async Task Check_SunOne_ReportsTheReachableSuppliersAgreementError_WhenThePeerIsUnreachable()
    {
        SunOneEverywhere(Ruv);
        _directory[Mail1].Ruv("o=pab", Ruv, Agreement("Error (-1) Problem connecting to replica - LDAP error: Can't contact LDAP server (connection error)"));
        _directory[Mail2].BindFault = new NodeUnreachable(Mail2, "ldap bind: The LDAP server is unavailable.");

        var report = await CheckAsync(DirectoryKind.SunOne);

        var pab = Assert.IsType<Broken>(report.Suffixes[1]);
        Assert.Equal(Mail1, Assert.IsType<AgreementError>(Assert.Single(pab.Reasons, r => r is AgreementError)).Node);
        Assert.Equal(Mail2, Assert.IsType<NodeUnreachable>(Assert.Single(pab.Reasons, r => r is NodeUnreachable)).Node);
        Assert.Equal(2, pab.Reasons.Count);
    }

    private const string ConnectionError = "Error (-1) Problem connecting to replica - LDAP error: Can't contact LDAP server (connection error)";

    [Fact]
    public async Task Check_SunOne_ReportsRetryingNotBroken_WhenAnAgreementFirstCannotReachItsConsumer()
    {
        SunOneEverywhere(Ruv);
        _directory[Mail1].Ruv("o=pab", Ruv, Agreement(ConnectionError));

        var report = await CheckAsync(DirectoryKind.SunOne);

        Assert.Equal(ReplicationState.Retrying, report.State);
        var retrying = Assert.IsType<Retrying>(report.Suffixes[1]);
        var agreement = Assert.Single(retrying.Agreements);
        Assert.Equal(Mail1, agreement.Node);
        Assert.Equal(("o=pab", ConnectionError), (retrying.Suffix, agreement.Status));
        Assert.StartsWith("jt-mail1-to-jt-mail2", agreement.Agreement, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SunOne_ReportsBroken_WhenTheRetryPersistsPastConvergenceTimeout()
    {
        SunOneEverywhere(Ruv);
        _directory[Mail1].Ruv("o=pab", Ruv, Agreement(ConnectionError));
        var checker = Checker(DirectoryKind.SunOne);

        var first = await checker.CheckAsync(TestContext.Current.CancellationToken);
        _clock.Advance(TimeSpan.FromSeconds(10));
        var second = await checker.CheckAsync(TestContext.Current.CancellationToken);
        _clock.Advance(TimeSpan.FromSeconds(6));
        var third = await checker.CheckAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ReplicationState.Retrying, first.State);
        Assert.Equal(TimeSpan.FromSeconds(10), Assert.Single(Assert.IsType<Retrying>(second.Suffixes[1]).Agreements).For);
        var fault = Assert.IsType<AgreementError>(Assert.Single(Assert.IsType<Broken>(third.Suffixes[1]).Reasons));
        Assert.Equal(Mail1, fault.Node);
        Assert.StartsWith(ConnectionError, fault.Status, StringComparison.Ordinal);
        Assert.EndsWith("retrying for 16 s", fault.Status, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SunOne_StartsTheRetryAfresh_WhenTheAgreementReplicatedBetweenChecks()
    {
        SunOneEverywhere(Ruv);
        var checker = Checker(DirectoryKind.SunOne);
        _directory[Mail1].Ruv("o=pab", Ruv, Agreement(ConnectionError));
        await checker.CheckAsync(TestContext.Current.CancellationToken);
        _clock.Advance(TimeSpan.FromSeconds(10));
        _directory[Mail1].Ruv("o=pab", Ruv, Agreement("0 Replica acquired successfully: Incremental update succeeded"));
        var healed = await checker.CheckAsync(TestContext.Current.CancellationToken);
        _clock.Advance(TimeSpan.FromSeconds(10));
        _directory[Mail1].Ruv("o=pab", Ruv, Agreement(ConnectionError));

        var report = await checker.CheckAsync(TestContext.Current.CancellationToken);

        Assert.Equal(ReplicationState.InSync, healed.State);
        Assert.Equal(TimeSpan.Zero, Assert.Single(Assert.IsType<Retrying>(report.Suffixes[1]).Agreements).For);
    }

    [Fact]
    public async Task Check_SunOne_ReportsBrokenAtOnce_WhenTheConsumerRefusesTheBind()
    {
        SunOneEverywhere(Ruv);
        const string status = "Error (49) Problem connecting to replica - LDAP error: Invalid credentials (connection error)";
        _directory[Mail1].Ruv("o=pab", Ruv, Agreement(status));

        var report = await CheckAsync(DirectoryKind.SunOne);

        Assert.Equal(status, Assert.IsType<AgreementError>(Assert.Single(Assert.IsType<Broken>(report.Suffixes[1]).Reasons)).Status);
    }

    [Fact]
    public async Task Check_SunOne_ReportsBroken_WhenARetryingAgreementComesWithAnotherFault()
    {
        SunOneEverywhere(Ruv);
        _directory[Mail1].Ruv("o=pab", Ruv, Agreement(ConnectionError));
        _directory[Mail2].Ruv("o=pab", Ruv, Agreement("-1 Incremental update aborted: total update required"));

        var report = await CheckAsync(DirectoryKind.SunOne);

        var broken = Assert.IsType<Broken>(report.Suffixes[1]);
        Assert.Contains(broken.Reasons, r => r is TotalUpdateRequired { Node.Value: "jt-mail2" });
        Assert.Contains(broken.Reasons, r => r is AgreementError { Node.Value: "jt-mail1" });
    }

    [Fact]
    public async Task Check_SunOne_ReportsNotReplicating_WhenAnAgreementIsDisabled()
    {
        SunOneEverywhere(Ruv);
        // 389 DS keeps a cheerful status on a switched-off agreement.
        _directory[Mail1].Ruv("o=pab", Ruv, Agreement("Error (0) Replica acquired successfully: agreement disabled") with { Enabled = "off" });

        var report = await CheckAsync(DirectoryKind.SunOne);

        var fault = Assert.IsType<NotReplicating>(Assert.Single(Assert.IsType<Broken>(report.Suffixes[1]).Reasons));
        Assert.Equal(Mail1, fault.Node);
        Assert.Contains("disabled", fault.Detail);
    }

    [Fact]
    public async Task Check_SunOne_ReportsNotReplicating_WhenASuffixHasNoRuv()
    {
        SunOneEverywhere(Ruv);
        _directory[Mail1].Ruv("o=internet", [], Agreement("0 Replica acquired successfully: Incremental update succeeded"));

        var report = await CheckAsync(DirectoryKind.SunOne);

        Assert.IsType<NotReplicating>(Assert.Single(Assert.IsType<Broken>(report.Suffixes[0]).Reasons));
    }

    private static ReplicationAgreement Agreement(string status) =>
        new("jt-mail1-to-jt-mail2", "jt-mail1.dnmc.com.cn", 389, status, "20261125163012Z", "FALSE");

    private void SameEverywhere(params string[] contextCsns)
    {
        foreach (var suffix in Replicated)
        {
            _directory[Mail1].ContextCsns(suffix, contextCsns);
            _directory[Mail2].ContextCsns(suffix, contextCsns);
        }
    }

    private void SunOneEverywhere(string[] ruv)
    {
        foreach (var suffix in Replicated)
        {
            _directory[Mail1].Ruv(suffix, ruv, Agreement("0 Replica acquired successfully: Incremental update succeeded"));
            _directory[Mail2].Ruv(suffix, ruv, Agreement("0 Replica acquired successfully: Incremental update succeeded"));
        }
    }

    private Task<ReplicationReport> CheckAsync(DirectoryKind kind = DirectoryKind.OpenLdap) =>
        Checker(kind).CheckAsync(TestContext.Current.CancellationToken);

    private ReplicationChecker Checker(DirectoryKind kind = DirectoryKind.OpenLdap) =>
        new(_directory, Options.Create(Directory(kind)), TestTopology(), _clock, NullLogger<ReplicationChecker>.Instance);
}
