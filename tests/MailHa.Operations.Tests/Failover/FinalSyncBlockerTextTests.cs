using MailHa.Operations.Failover;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Failover;

/// <summary>
/// The one line the final sync step's report gives for why it cannot run, pinned once here; the behaviour tests
/// (<see cref="FinalSyncBlockerTests"/>) assert the typed blocker.
/// </summary>
public class FinalSyncBlockerTextTests
{
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");

    [Fact]
    public void Describe_NamesBothNodesAndWhy_ForEachBlocker()
    {
        Assert.Equal(
            "mail2 cannot reach mail1's rsync daemon on the mirror network (exit 10: rsync: failed to connect to 198.18.16.1: No route to host (113))",
            new SourceDaemonUnreachable(Mail1, Mail2, "exit 10: rsync: failed to connect to 198.18.16.1: No route to host (113)").Describe());
        Assert.Equal(
            "the catch-up mirror run mail1 → mail2 did not succeed (Failed: mail2's store file system is full (rsync exit 11: No space left on device (28)))",
            new CatchUpFailed(Mail1, Mail2, new StoreFull(Mail2, 11, "No space left on device (28)")).Describe());
    }
}
