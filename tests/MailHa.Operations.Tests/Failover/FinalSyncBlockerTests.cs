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

        Assert.Equal(new SourceDaemonUnreachable(Mail1, Mail2, probe.Describe()), blocker);
    }

    [Fact]
    public void Find_NamesTheCatchUpOutcome_WhenTheCatchUpFailed()
    {
        var blocker = Assert.IsType<CatchUpFailed>(FinalSyncBlocker.Find(Mail1, Mail2, DaemonAnswers, Run(new StoreFull(Mail2, 11, "No space left on device (28)"))));

        Assert.Equal((Mail1, Mail2), (blocker.Source, blocker.Target));
        Assert.Equal(new StoreFull(Mail2, 11, "No space left on device (28)"), blocker.Outcome);
    }
}
