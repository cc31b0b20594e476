using System.Text.Json;
using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Mirror;

public class MirrorOutcomeJsonTests
{
    private static readonly NodeName Mail1 = new("mail1");
    private static readonly NodeName Mail2 = new("mail2");

    public static TheoryData<MirrorOutcome, string> Outcomes() => new()
    {
        { new Transferred(2), "transferred" },
        { new PartlyTransferred(1, "denied"), "partlyTransferred" },
        { new MaxDeleteReached(200), "maxDeleteReached" },
        { new RsyncAuthFailed(5, "@ERROR: auth failed"), "rsyncAuthFailed" },
        { new RsyncFailed(10, "refused"), "rsyncFailed" },
        { new StoreFull(Mail2, 11, "No space left on device (28)"), "storeFull" },
        { new SourceNotCounted(Mail1, "exit 1"), "sourceNotCounted" },
        { new MirrorNodeUnreachable(Mail2, "unreachable"), "mirrorNodeUnreachable" },
        { new MirrorTimedOut(Mail2, TimeSpan.FromMinutes(30)), "mirrorTimedOut" },
        { new MirrorPaused(DateTimeOffset.UnixEpoch, "failover", Mail2, Mail1), "mirrorPaused" },
        { new SentinelMissing(Mail1, ".mailha-sentinel", null), "sentinelMissing" },
        { new FileCountDropped(Mail1, 10, 100, 0.5), "fileCountDropped" },
        { new RolesChangedElsewhere("newer"), "rolesChangedElsewhere" },
        { new WrongDirection("other active"), "wrongDirection" },
        { new TargetHoldsVip("holds"), "targetHoldsVip" },
        { new PasswordFileUnsafe("chmod 600"), "passwordFileUnsafe" },
        { new PullStillRunning(Mail2, "PID 4242"), "pullStillRunning" },
        { new GuardRefused(99, "new guard"), "guardRefused" },
        { new AlreadyRunning("schedule"), "alreadyRunning" },
        { new OperationRunning("switchover"), "operationRunning" },
        { new Journaled(MirrorVerdict.Failed, "as recorded"), "journaled" },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void Serialize_WritesKindVerdictAndMembers_ForEveryOutcome(MirrorOutcome outcome, string kind)
    {
        var run = new MirrorRun(new ServiceName("jt-mail"), 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, "test", Mail1, Mail2, 1, outcome, null, null);

        var json = JsonSerializer.SerializeToNode(run, JsonSerializerOptions.Web)!;

        Assert.Equal(kind, json["outcome"]!["kind"]!.GetValue<string>());
        Assert.Equal((int)outcome.Verdict, json["outcome"]!["verdict"]!.GetValue<int>());
        Assert.Equal(outcome.Describe(), json["message"]!.GetValue<string>());
    }

    [Fact]
    public void Serialize_KeepsThePauseReason_WhenTheMirrorIsPaused()
    {
        var json = JsonSerializer.SerializeToNode<MirrorOutcome>(new MirrorPaused(DateTimeOffset.UnixEpoch, "failover op-1", Mail2, Mail1), JsonSerializerOptions.Web)!;

        Assert.Equal("failover op-1", json["reason"]!.GetValue<string>());
    }
}
