using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using MailHa.Operations.Ssh;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Failover;

public class FinalSyncBlockerTests
{
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");

    private static readonly CommandOutcome DaemonAnswers = new Exited(Mail2, 0, "", "", TimeSpan.Zero);

    private static MirrorRun Run(MirrorOutcome outcome) =>
        new(new ServiceName("jt-mail"), 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "catch-up:op", Mail1, Mail2, 1, outcome, null, null);

    [Fact]
    public void Find_IsNull_WhenTheDaemonAnswersAndNoCatchUpRan()
    {
        Assert.Null(FinalSyncBlocker.Find(Mail1, Mail2, DaemonAnswers, null));
    }

    [Fact]
    public void Find_IsNull_WhenTheCatchUpOnlyWarned()
    {
        Assert.Null(FinalSyncBlocker.Find(Mail1, Mail2, DaemonAnswers, Run(new PartlyTransferred(1, "Permission denied"))));
    }

    [Fact]
    public void Find_NamesTheDaemon_WhenTheTargetCannotReachIt()
    {
        var probe = new Exited(Mail2, 10, "", "rsync: failed to connect to 198.18.16.1: No route to host (113)", TimeSpan.Zero);

        var blocker = Assert.IsType<SourceDaemonUnreachable>(FinalSyncBlocker.Find(Mail1, Mail2, probe, Run(new Transferred(0))));

        Assert.StartsWith("mail2 cannot reach mail1's rsync daemon on the mirror network (", blocker.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Find_NamesTheCatchUpOutcome_WhenTheCatchUpFailed()
    {
        var blocker = Assert.IsType<CatchUpFailed>(FinalSyncBlocker.Find(Mail1, Mail2, DaemonAnswers, Run(new StoreFull(Mail2, 11, "No space left on device (28)"))));

        Assert.IsType<StoreFull>(blocker.Outcome);
        Assert.Equal("the catch-up mirror run mail1 → mail2 did not succeed (Failed: mail2's store file system is full (rsync exit 11: No space left on device (28)))", blocker.Describe());
    }
}
