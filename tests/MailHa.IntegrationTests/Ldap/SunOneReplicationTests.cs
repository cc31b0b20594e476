using MailHa.IntegrationTests.Failover;
using MailHa.IntegrationTests.Lab;
using MailHa.Operations.Failover;
using MailHa.Operations.Ldap;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace MailHa.IntegrationTests.Ldap;

/// <summary>
/// The Sun ONE path (RUVs and agreements) against two real 389 Directory Server suppliers: faults of the
/// agreements themselves. Runs in test.sh's 389 DS pass (<c>MAILHA_LAB_DIRECTORY=389ds</c>); the kind-neutral
/// directory tests (in sync, a server stopped, the canary probe) run in both passes.
/// </summary>
[Collection(LabCollection.Name)]
[Trait(DirectoryPass.Trait, DirectoryPass.SunOneOnly)]
public sealed class SunOneReplicationTests(LabFixture lab)
{
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");

    private readonly LabLdap _ldap = new(lab);

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CheckAsync_ReportsNotReplicatingNamingTheAgreement_WhenAnAgreementIsDisabled()
    {
        lab.RequireDirectory(DirectoryKind.SunOne);
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var host = scope.Build();
        var checker = host.Services.GetRequiredService<ReplicationChecker>();

        // From a replicating baseline: right after the lab comes up, an agreement's first session may not have reported yet.
        Assert.True(await InSyncAgainAsync(checker), "replication was not in sync before the test");
        ReplicationReport report = null!;
        await _ldap.ReplaceAsync("mail1", Agreement("mail1", "o=pab"), "nsds5ReplicaEnabled", "off");
        try
        {
            // Another suffix's agreement may report a passing session error right then (it failed once in CI, right after
            // the 389 DS lab came up): the report is read again until the other suffixes settle, o=pab's agreement staying off.
            await Eventually.TrueAsync(
                async () => (report = await checker.CheckAsync(Token)).Suffixes.Where(s => s.Suffix != "o=pab").All(s => s.State == ReplicationState.InSync),
                TimeSpan.FromSeconds(30),
                Token);
        }
        finally
        {
            await _ldap.ReplaceAsync("mail1", Agreement("mail1", "o=pab"), "nsds5ReplicaEnabled", "on");
        }

        Assert.Equal(ReplicationState.Broken, report.State);
        var pab = Assert.IsType<Broken>(Assert.Single(report.Suffixes, s => s.Suffix == "o=pab"));
        var fault = Assert.IsType<NotReplicating>(Assert.Single(pab.Reasons));
        Assert.Equal(Mail1, fault.Node);
        Assert.Contains("mail1-to-mail2", fault.Describe(), StringComparison.Ordinal);
        Assert.All(report.Suffixes.Where(s => s.Suffix != "o=pab"), s => Assert.True(s.State == ReplicationState.InSync, s.Describe()));
        Assert.True(await InSyncAgainAsync(checker), "replication did not come back in sync after the agreement was enabled again");
    }

    [Fact]
    public async Task StatusAsync_ShowsTheOtherSuppliersAgreementError_WhenOneSupplierIsStopped()
    {
        lab.RequireDirectory(DirectoryKind.SunOne);
        await using var scope = await LabScope.StartAsync(lab, Token);
        using var host = scope.Build();
        var status = host.Services.GetRequiredService<StatusService>();
        const string dn = "uid=user08,ou=People,o=internet";
        var value = $"mailha-test {Guid.NewGuid():N}";

        StatusReport report;
        bool failing;
        await lab.RunAsync("stop", "mail2", "ldap");
        try
        {
            // A change on mail1 makes its agreement try to reach mail2, and fail.
            await _ldap.AddValueAsync("mail1", dn, "description", value);
            failing = await Eventually.TrueAsync(
                async () => (await _ldap.ReadAsync("mail1", Agreement("mail1", "o=internet"), "nsds5replicaLastUpdateStatus"))?.SingleOrDefault() is { } s
                    && !s.StartsWith("Error (0)", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60),
                Token);
            report = await status.GetAsync(Token);
        }
        finally
        {
            await lab.RunAsync("start", "mail2", "ldap");
            await _ldap.DeleteValueAsync("mail1", dn, "description", value);
        }

        Assert.True(failing, "mail1's agreement never reported an error while mail2's directory was stopped");
        var internet = Assert.IsType<Broken>(Assert.Single(report.Replication!.Suffixes, s => s.Suffix == "o=internet"));
        Assert.Contains(internet.Reasons, r => r is NodeUnreachable { Node.Value: "mail2" });
        var error = Assert.IsType<AgreementError>(Assert.Single(internet.Reasons, r => r is AgreementError));
        Assert.Equal(Mail1, error.Node);
        Assert.Contains("mail1-to-mail2", error.Agreement, StringComparison.Ordinal);
        Assert.Contains(error.Describe(), StatusText.Format(report), StringComparison.Ordinal);
        Assert.True(await InSyncAgainAsync(host.Services.GetRequiredService<ReplicationChecker>()), "replication did not heal after mail2's directory restarted");
    }

    [Fact]
    public async Task CheckAsync_ReportsRetryingFirst_AndBrokenOnlyOnceTheConnectionErrorOutlastsConvergenceTimeout()
    {
        lab.RequireDirectory(DirectoryKind.SunOne);
        await using var scope = await LabScope.StartAsync(lab, Token);
        const string dn = "uid=user09,ou=People,o=internet";
        var value = $"mailha-test {Guid.NewGuid():N}";
        var agreement = Agreement("mail1", "o=internet");

        // After a peer restarts, 389 DS reports "Error (-1) ... Can't contact LDAP server ... Will retry later" until its
        // back-off ends (about a second in the lab, minutes in production). The same connection-level error, held open
        // for as long as the test needs: mail1's agreement sends to a port nothing listens on.
        await _ldap.ReplaceAsync("mail1", agreement, "nsds5ReplicaPort", "1");
        try
        {
            await _ldap.AddValueAsync("mail1", dn, "description", value);
            Assert.True(await Eventually.TrueAsync(async () => !await ReplicatingAsync(agreement), TimeSpan.FromSeconds(60), Token), "mail1's agreement never reported a connection error");

            // A check that lands in the window reports the agreement retrying, not broken: no "replication BROKEN" alert.
            using (var patient = scope.Build(new Dictionary<string, string?> { [$"{DirectoryOptions.Section}:ConvergenceTimeout"] = "00:10:00" }))
            {
                var report = await patient.Services.GetRequiredService<ReplicationChecker>().CheckAsync(Token);
                var internet = report.Suffixes.Single(x => x.Suffix == "o=internet");
                Assert.True(internet is Retrying, internet.Describe());
                Assert.NotEqual(ReplicationState.Broken, report.State);
            }

            // The same error past Directory:ConvergenceTimeout is broken.
            using var impatient = scope.Build(new Dictionary<string, string?> { [$"{DirectoryOptions.Section}:ConvergenceTimeout"] = "00:00:01" });
            var checker = impatient.Services.GetRequiredService<ReplicationChecker>();
            ReplicationReport? last = null;
            Assert.True(
                await Eventually.TrueAsync(async () => (last = await checker.CheckAsync(Token)).Suffixes.Single(x => x.Suffix == "o=internet") is Broken, TimeSpan.FromSeconds(60), Token),
                last is null ? "never checked" : string.Join("; ", last.Suffixes.Select(x => x.Describe())));
        }
        finally
        {
            await _ldap.ReplaceAsync("mail1", agreement, "nsds5ReplicaPort", "389");
            await _ldap.DeleteValueAsync("mail1", dn, "description", value);
        }

        using var host = scope.Build();
        Assert.True(await InSyncAgainAsync(host.Services.GetRequiredService<ReplicationChecker>()), "replication did not come back in sync after the agreement's port was restored");
    }

    private async Task<bool> ReplicatingAsync(string agreement) =>
        (await _ldap.ReadAsync("mail1", agreement, "nsds5replicaLastUpdateStatus"))?.SingleOrDefault() is { } status
        && status.StartsWith("Error (0)", StringComparison.Ordinal);

    [Theory]
    [InlineData("mail1", "mail2", 1)]
    [InlineData("mail2", "mail1", 2)]
    public async Task CheckAsync_ReportsLaggingFromTheWriter_WhenItsOutboundAgreementIsPaused(string writer, string reader, int writerReplicaId)
    {
        lab.RequireDirectory(DirectoryKind.SunOne);
        await using var scope = await LabScope.StartAsync(lab, Token);
        // No tolerance: the lag is the distance between the two servers' newest changes from the writer, and the one
        // before this write may be only seconds older (a previous test's), which the default 5 s would call in sync.
        using var host = scope.Build(new Dictionary<string, string?> { [$"{DirectoryOptions.Section}:LagTolerance"] = "00:00:00" });
        var checker = host.Services.GetRequiredService<ReplicationChecker>();
        const string dn = "cn=staff,ou=Groups,o=usergroup";
        var value = $"mailha-test {Guid.NewGuid():N}";
        var agreement = Agreement(writer, "o=usergroup");

        ReplicationReport? report = null;
        bool lagging;
        await PauseAsync(writer, agreement);
        try
        {
            await _ldap.AddValueAsync(writer, dn, "description", value);
            lagging = await Eventually.TrueAsync(
                async () => (report = await checker.CheckAsync(Token)).Suffixes.Single(s => s.Suffix == "o=usergroup") is Lagging,
                TimeSpan.FromSeconds(60),
                Token);
        }
        finally
        {
            // Resumed: without a schedule the agreement may send at any time, and does so at once.
            await _ldap.DeleteAttributeAsync(writer, agreement, "nsds5ReplicaUpdateSchedule");
        }

        Assert.True(lagging, $"the check never reported o=usergroup lagging: {string.Join("; ", report!.Suffixes.Select(s => s.Describe()))}");
        Assert.Equal(ReplicationState.Lagging, report!.State);
        var usergroup = Assert.IsType<Lagging>(Assert.Single(report.Suffixes, s => s.Suffix == "o=usergroup"));
        Assert.Equal(new NodeName(reader), usergroup.Behind);
        var origin = Assert.Single(usergroup.Origins);
        Assert.Equal(writerReplicaId, origin.OriginId);
        Assert.Equal(new NodeName(reader), origin.Behind);
        Assert.True(
            await Eventually.TrueAsync(async () => (await _ldap.ReadAsync(reader, dn, "description"))?.Contains(value) == true, TimeSpan.FromSeconds(30), Token),
            $"the write on {writer} did not reach {reader} once the agreement was resumed");
        await _ldap.DeleteValueAsync(writer, dn, "description", value);
        Assert.True(await InSyncAgainAsync(checker), "replication did not come back in sync after the agreement was resumed");
    }

    [Fact]
    public async Task RunAsync_StopsAtVerifyDirectory_WhenAnAgreementIsDisabledAndBrokenReplicationIsNotAccepted()
    {
        lab.RequireDirectory(DirectoryKind.SunOne);
        await using var scope = await LabScope.StartAsync(lab, Token);
        var services = scope.Build().Services;

        FailoverReport report;
        await _ldap.ReplaceAsync("mail2", Agreement("mail2", "o=internet"), "nsds5ReplicaEnabled", "off");
        try
        {
            report = await services.GetRequiredService<FailoverEngine>().RunAsync(SwitchoverTests.Request(LabService.Of(services), OperationKind.Switchover), null, Token);
        }
        finally
        {
            await _ldap.ReplaceAsync("mail2", Agreement("mail2", "o=internet"), "nsds5ReplicaEnabled", "on");
        }

        Assert.Equal(FailoverOutcome.Failed, report.Outcome);
        var verify = Assert.Single(report.Steps, s => s.Step == "verify-directory" && s.State == StepState.Failed);
        Assert.Contains("mail2-to-mail1", Assert.IsType<ReplicationBroken>(verify.Result).Describe(), StringComparison.Ordinal);
        Assert.DoesNotContain(report.Steps, s => s.Step == "raise-vip" && s.State == StepState.Done);
        Assert.False(await scope.HoldsVipAsync("mail2"));
    }

    /// <summary>
    /// Pauses an agreement: enabled, but allowed to send only in a one-minute window twelve hours away (server local
    /// time). A running agreement takes a new schedule only between sessions, so a session already under way could
    /// still send the next write; disabling it first stops its protocol thread (389 DS joins it before the modify
    /// returns), and the one started on enabling it again reads the schedule before it sends anything.
    /// </summary>
    private async Task PauseAsync(string host, string agreement)
    {
        var hour = (TimeProvider.System.GetLocalNow().Hour + 12) % 24;
        await _ldap.ReplaceAsync(host, agreement, "nsds5ReplicaEnabled", "off");
        try
        {
            await _ldap.ReplaceAsync(host, agreement, "nsds5ReplicaUpdateSchedule", $"{hour:00}00-{hour:00}01 0123456");
        }
        finally
        {
            await _ldap.ReplaceAsync(host, agreement, "nsds5ReplicaEnabled", "on");
        }
    }

    /// <summary>The agreement entry on <paramref name="from"/> for a suffix (the lab names them <c>mailN-to-mailM</c>).</summary>
    private static string Agreement(string from, string suffix) =>
        $"cn={from}-to-{(from == "mail1" ? "mail2" : "mail1")},cn=replica,cn={suffix.Replace("=", "\\3D", StringComparison.Ordinal)},cn=mapping tree,cn=config";

    private static Task<bool> InSyncAgainAsync(ReplicationChecker checker) =>
        Eventually.TrueAsync(async () => (await checker.CheckAsync(Token)).State == ReplicationState.InSync, TimeSpan.FromSeconds(60), Token);
}
