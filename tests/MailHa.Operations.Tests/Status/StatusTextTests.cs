using System.Globalization;
using MailHa.Operations.Failover;
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

    private static StatusReport Report(InterruptedOperation? interrupted)
    {
        var roles = new RoleState(new ServiceName("jt-mail"), 1, new NodeName("mail1"), new NodeName("mail2"), false, At, "configuration", "initial");
        var vip = new VipReport(VipVerdict.Nobody, null, [], new Silent("nothing answers"), null, "nobody holds 198.18.15.10");
        var mirror = new MirrorStatus(new NodeName("mail1"), new NodeName("mail2"), false, null, null, null, null);
        return new StatusReport(At, roles, [], vip, mirror, null, null, interrupted, []);
    }
}
