using MailHa.Operations.Ldap;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static MailHa.Operations.Tests.Ldap.LdapTestOptions;

namespace MailHa.Operations.Tests.Ldap;

public class ReplicationProbeTests
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    private readonly SteppingClock _clock = new();
    private readonly FakeDirectory _directory = new(Mail1, Mail2);

    [Fact]
    public async Task Probe_Converges_BothDirections_WithMeasuredDelay()
    {
        _directory.ReadsUntilReplicated = 4;

        var report = await ProbeAsync();

        Assert.True(report.Converged);
        Assert.Collection(
            report.Directions,
            there => Assert.Equal(new ProbeConverged(Mail1, Mail2, TimeSpan.FromMilliseconds(750)), there),
            back => Assert.Equal(new ProbeConverged(Mail2, Mail1, TimeSpan.FromMilliseconds(750)), back));
    }

    [Fact]
    public async Task Probe_CreatesTheCanary_AndWritesATimestampedValue()
    {
        var report = await ProbeAsync();

        Assert.True(report.Converged);
        var entry = _directory[Mail1].Entries[CanaryDn];
        Assert.Contains("applicationProcess", entry["objectClass"]);
        var description = Assert.Single(entry["description"]);
        Assert.StartsWith("mailha-canary 2026-11-25T16:30:", description, StringComparison.Ordinal);
        Assert.Equal(3, description.Split(' ').Length);
    }

    [Fact]
    public async Task Probe_WritesOnEachMasterInTurn_AndNothingButTheCanary()
    {
        await ProbeAsync();

        var writes = _directory.Calls.Where(c => c.Contains(" write ", StringComparison.Ordinal)).ToList();
        Assert.Equal([$"jt-mail1 write {CanaryDn}", $"jt-mail2 write {CanaryDn}"], writes);
        Assert.All(_directory.Calls.Where(c => c.Contains(" read ", StringComparison.Ordinal)), c => Assert.Contains(CanaryDn, c));
    }

    [Fact]
    public async Task Probe_ReportsNotConverging_WhenTheValueNeverAppears()
    {
        _directory.ReadsUntilReplicated = null;

        var report = await ProbeAsync();

        Assert.False(report.Converged);
        Assert.Collection(
            report.Directions,
            there => Assert.Equal(new ProbeFailed(Mail1, Mail2, new NotConverging(Mail1, Mail2, TimeSpan.FromSeconds(15))), there),
            back => Assert.Equal(new ProbeFailed(Mail2, Mail1, new NotConverging(Mail2, Mail1, TimeSpan.FromSeconds(15))), back));
        Assert.Equal(TimeSpan.FromSeconds(30), _clock.GetUtcNow() - new DateTimeOffset(2026, 11, 25, 16, 30, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Probe_ReportsWhichDirectionIsBroken_WhenOnlyOneWayReplicates()
    {
        _directory.ReadsUntilReplicated = 2;
        _directory[Mail2].ReplicatesOut = false;

        var report = await ProbeAsync();

        Assert.False(report.Converged);
        Assert.Equal(new ProbeConverged(Mail1, Mail2, Poll), report.Directions[0]);
        Assert.Equal(new ProbeFailed(Mail2, Mail1, new NotConverging(Mail2, Mail1, TimeSpan.FromSeconds(15))), report.Directions[1]);
    }

    [Fact]
    public async Task Probe_RefusesToTouchTheEntry_WhenCanaryDnNamesAUserEntry()
    {
        _directory[Mail1].Entries[CanaryDn] = new(StringComparer.OrdinalIgnoreCase)
        {
            ["objectClass"] = ["top", "person", "inetOrgPerson"],
            ["description"] = ["Head of accounts"],
        };

        var report = await ProbeAsync();

        Assert.All(report.Directions, d => Assert.Equal(Mail1, Assert.IsType<NotACanary>(Assert.IsType<ProbeFailed>(d).Reason).Node));
        Assert.DoesNotContain(_directory.Calls, c => c.Contains(" write ", StringComparison.Ordinal));
        Assert.Equal(["Head of accounts"], _directory[Mail1].Entries[CanaryDn]["description"]);
    }

    [Fact]
    public async Task Probe_RefusesToTouchTheEntry_WhenItHoldsADescriptionWeDidNotWrite()
    {
        _directory[Mail1].Entries[CanaryDn] = new(StringComparer.OrdinalIgnoreCase)
        {
            ["objectClass"] = ["top", "applicationProcess"],
            ["description"] = ["Sun Messaging Server process"],
        };

        var report = await ProbeAsync();

        Assert.IsType<NotACanary>(Assert.IsType<ProbeFailed>(report.Directions[0]).Reason);
    }

    [Fact]
    public async Task Probe_FailsBothDirectionsWithTheFault_WhenANodeIsUnreachable()
    {
        var down = new NodeUnreachable(Mail2, "ldap bind: The LDAP server is unavailable.");
        _directory[Mail2].BindFault = down;

        var report = await ProbeAsync();

        Assert.Equal([new ProbeFailed(Mail1, Mail2, down), new ProbeFailed(Mail2, Mail1, down)], report.Directions);
        Assert.DoesNotContain(_directory.Calls, c => c.Contains(" write ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Probe_ReportsTheFault_WhenTheTargetStopsAnsweringWhileWaiting()
    {
        _directory.ReadsUntilReplicated = null;
        _directory[Mail2].ReadFault = new NodeUnreachable(Mail2, "no answer to read canary within 5 s");

        var report = await ProbeAsync();

        Assert.IsType<NodeUnreachable>(Assert.IsType<ProbeFailed>(report.Directions[0]).Reason);
    }

    private Task<ProbeReport> ProbeAsync()
    {
        var probe = new ReplicationProbe(_directory, Options.Create(Directory()), TestTopology(), _clock, NullLogger<ReplicationProbe>.Instance);
        return _clock.DriveAsync(probe.ProbeAsync(TestContext.Current.CancellationToken), Poll);
    }
}
