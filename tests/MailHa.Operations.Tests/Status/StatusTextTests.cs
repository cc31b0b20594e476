using System.Globalization;
using MailHa.Operations.Failover;
using MailHa.Operations.Journal;
using MailHa.Operations.Mirror.Continuous;
using MailHa.Operations.Roles;
using MailHa.Operations.Status;
using MailHa.Operations.Topology;
using MailHa.Operations.Vip;

namespace MailHa.Operations.Tests.Status;

public class StatusTextTests
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-11-26T00:52:00Z", CultureInfo.InvariantCulture);

    [Fact]
    public void Format_ShowsWhoAskedWhatIsLeftAndHowToResume_WhenAnOperationWasInterrupted()
    {
        var fencedAt = DateTimeOffset.Parse("2026-11-26T00:48:10Z", CultureInfo.InvariantCulture);
        var operation = new OperationRecord(new ServiceName("jt-mail"), "switchover-1", OperationKind.Switchover, new NodeName("mail1"), new NodeName("mail2"), 1, "alice", "bob",
            OperationJournal.Running, fencedAt.AddSeconds(-20), new HashSet<string> { "preflight", "fence" }, new CompletedStep("fence", fencedAt));

        var text = StatusText.Format(Report(InterruptedOperation.From(operation, "VIP on nobody")));

        Assert.StartsWith("MAIL DOWN: nobody holds the VIP; INTERRUPTED switchover: run it again to resume", text, StringComparison.Ordinal);
        Assert.Contains("INTERRUPTED: switchover switchover-1 (mail1 → mail2)", text, StringComparison.Ordinal);
        Assert.Contains("requested by alice, approved by bob", text, StringComparison.Ordinal);
        Assert.Contains("last completed step: fence; left VIP on nobody since 00:48Z", text, StringComparison.Ordinal);
        Assert.Contains("'mailha switchover --yes', or '/mail switchover' approved in chat", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_SaysNothingOfInterruption_WhenNothingWasInterrupted()
    {
        var text = StatusText.Format(Report(null));

        Assert.DoesNotContain("INTERRUPTED", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Format_LeadsWithOneLinePerServiceThenOnePerNode_WhenThereAreSeveralServices()
    {
        var a = new RoleState(new ServiceName("jt-mail-a"), 1, new NodeName("mail1"), new NodeName("mail3"), false, At, "configuration", "initial");
        var b = new RoleState(new ServiceName("jt-mail-b"), 1, new NodeName("mail2"), new NodeName("mail3"), false, At, "configuration", "initial");
        var held = new VipReport(VipVerdict.HeldBy, new NodeName("mail1"), [], new Answered("220 mail1"), null, "mail1 holds the VIP");
        var twice = new VipReport(VipVerdict.SplitBrain, null, [], new Answered("220 mail2"), null, "mail2 and mail3 hold the VIP");
        var node = new NodeHealth(new NodeName("mail3"), "standby", true, "ok", new Answered("220 mail3"), new Answered("* OK")) { Runs = [], Capacity = 1 };
        var report = new StatusReport(At, a, [node], held, new MirrorStatus(new NodeName("mail1"), new NodeName("mail3"), false, null, null, null, null), null, null, null, [])
        {
            Services =
            [
                new ServiceStatus(a.Service, a, held, null, null, TimeSpan.FromMinutes(3), ServiceHealth.Healthy, null),
                new ServiceStatus(b.Service, b, twice, null, null, null, ServiceHealth.SplitBrain, null),
            ],
        };

        var lines = StatusText.Format(report).Split('\n');

        Assert.Equal("2 services: jt-mail-b SPLIT BRAIN, jt-mail-a healthy", lines[0]);
        Assert.StartsWith("jt-mail-a: HEALTHY, served by mail1", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("jt-mail-b: SPLIT BRAIN", lines[2], StringComparison.Ordinal);
        Assert.EndsWith("runs nothing (0 of capacity 1)", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public void Format_GivesEachServiceItsOwnStreamAndLag_WhenSeveralServicesStream()
    {
        var a = new RoleState(new ServiceName("jt-mail-a"), 1, new NodeName("mail1"), new NodeName("mail2"), false, At, "configuration", "initial");
        var b = new RoleState(new ServiceName("jt-mail-b"), 1, new NodeName("mail2"), new NodeName("mail1"), false, At, "configuration", "initial");
        var held = new VipReport(VipVerdict.HeldBy, new NodeName("mail1"), [], new Answered("220 mail1"), null, "mail1 holds the VIP");
        var streaming = MirrorStreamView.NotStarted with { Streaming = true, Source = a.Active, Target = a.Standby, Lag = TimeSpan.FromSeconds(2), LagMeasuredAt = At };
        var stopped = MirrorStreamView.NotStarted with { StoppedBecause = "the mirror is paused", Lag = TimeSpan.FromMinutes(4), LagMeasuredAt = At };
        var report = new StatusReport(At, a, [], held, new MirrorStatus(a.Active, a.Standby, false, null, null, null, null, Stream: streaming), null, null, null, [])
        {
            Services =
            [
                new ServiceStatus(a.Service, a, held, null, null, TimeSpan.FromMinutes(3), ServiceHealth.Healthy, null, streaming),
                new ServiceStatus(b.Service, b, held, null, null, TimeSpan.FromMinutes(3), ServiceHealth.Healthy, null, stopped),
            ],
        };

        var lines = StatusText.Format(report).Split('\n');

        Assert.EndsWith("last good 3m00s ago, streaming, lag 2 s", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("last good 3m00s ago, NOT streaming, lag 4m00s", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Format_SaysMailDownAndThatTheVipCheckRanOut_WhenItRanOutAndNothingAnswersOnTheVip()
    {
        var roles = new RoleState(new ServiceName("jt-mail"), 1, new NodeName("mail1"), new NodeName("mail2"), false, At, "configuration", "initial");
        var ranOut = new VipCheckRanOut(TimeSpan.FromSeconds(5), new Silent("198.18.15.10:25: no answer within 2s"), null);
        var service = new ServiceStatus(roles.Service, roles, null, null, null, null, ServiceHealthRule.Of(ranOut, false, false, true), null) { VipRanOut = ranOut };
        var report = new StatusReport(At, roles, [], null, new MirrorStatus(roles.Active, roles.Standby, false, null, null, null, null), null, null, null, [$"VIP holder: {ranOut.Why}"])
        {
            Services = [service],
        };

        var lines = StatusText.Format(report).Split('\n');

        Assert.Equal(ServiceHealth.Down, StatusText.Worst(report));
        Assert.Equal("MAIL DOWN: nothing answers on the VIP, holder unknown", lines[0]);
        Assert.Equal("VIP: holder unknown: the VIP check ran out (no answer within 5 s); nothing answers on the VIP (198.18.15.10:25: no answer within 2s)", lines[1]);
        Assert.Contains("UNKNOWN VIP holder: no answer within 5 s", lines);
        Assert.Equal("jt-mail: DOWN, recorded on mail1, holder unknown: the VIP check ran out (no answer within 5 s); nothing answers on the VIP (198.18.15.10:25: no answer within 2s); mirror mail1 → mail2, never mirrored", service.Describe());
    }

    [Fact]
    public void Describe_SaysDegradedAndWhoAnswers_WhenTheVipCheckRanOutAndTheVipAnswers()
    {
        var roles = new RoleState(new ServiceName("jt-mail-a"), 1, new NodeName("mail1"), new NodeName("mail3"), false, At, "configuration", "initial");
        var ranOut = new VipCheckRanOut(TimeSpan.FromSeconds(5), new Answered("220 mail1 ESMTP"), new NodeName("mail1"));
        var service = new ServiceStatus(roles.Service, roles, null, null, null, TimeSpan.FromMinutes(3), ServiceHealthRule.Of(ranOut, false, false, true), null) { VipRanOut = ranOut };

        Assert.Equal("jt-mail-a: DEGRADED, recorded on mail1, holder unknown: the VIP check ran out (no answer within 5 s); mail1 answers on the VIP; mirror mail1 → mail3, last good 3m00s ago", service.Describe());
    }

    [Fact]
    public void Format_LeadsWithTheJournalOutage_AndTheHeadlineSaysOperationsAreRefused_WhenTheJournalIsUnreachable()
    {
        var outage = new JournalOutageStatus(new JournalUnreachable(At.AddMinutes(-2), "connection refused"), new RolesSource.StateFile(new NodeName("mail1")));
        var report = Report(null) with { Journal = outage };

        Assert.Equal(
            "JOURNAL UNREACHABLE: the journal (PostgreSQL) is unreachable since 00:50:00Z: connection refused. Roles from mail1's state file; "
            + "mirror runs and operations are not shown. Operations, approvals and mirror control are refused until it answers again.",
            StatusText.Lines(report)[0]);
        Assert.Equal("MAIL DOWN: nobody holds the VIP; JOURNAL UNREACHABLE: operations refused", StatusText.Headline(report));
    }

    [Fact]
    public void Headline_SaysWhoServesTheVip_ForEachVerdictOfTheOnePair()
    {
        var report = Report(null);

        Assert.Equal("mail1 serves the VIP", StatusText.Headline(report with { Vip = new VipReport(VipVerdict.HeldBy, new NodeName("mail1"), [], new Answered("220 mail1"), null, "") }));
        Assert.Equal("SPLIT BRAIN: both nodes hold the VIP", StatusText.Headline(report with { Vip = new VipReport(VipVerdict.SplitBrain, null, [], new Answered("220 mail2"), null, "") }));
        Assert.Equal("MAIL DOWN: nobody holds the VIP", StatusText.Headline(report));
        Assert.Equal("VIP holder unknown", StatusText.Headline(report with { Vip = null }));
    }

    private static StatusReport Report(InterruptedOperation? interrupted)
    {
        var roles = new RoleState(new ServiceName("jt-mail"), 1, new NodeName("mail1"), new NodeName("mail2"), false, At, "configuration", "initial");
        var vip = new VipReport(VipVerdict.Nobody, null, [], new Silent("nothing answers"), null, "nobody holds 198.18.15.10");
        var mirror = new MirrorStatus(new NodeName("mail1"), new NodeName("mail2"), false, null, null, null, null);
        return new StatusReport(At, roles, [], vip, mirror, null, null, interrupted, []);
    }
}
