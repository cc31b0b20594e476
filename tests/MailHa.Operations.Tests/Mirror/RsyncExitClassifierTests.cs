using MailHa.Operations.Mirror;
using MailHa.Operations.Topology;

namespace MailHa.Operations.Tests.Mirror;

public class RsyncExitClassifierTests
{
    private static readonly NodeName Mail2 = new("mail2");

    [Theory]
    [InlineData(11, "rsync: [receiver] write failed on \"/store/u1/INBOX/new/9.msg\": No space left on device (28)\nrsync error: error in file IO (code 11) at receiver.c(657) [receiver=3.5.0]\nrsync: [sender] write error: Broken pipe (32)\n")]
    [InlineData(12, "rsync: [receiver] write failed on \"/store/u1/INBOX/new/9.msg\": No space left on device (28)\nrsync error: error in rsync protocol data stream (code 12) at io.c(232) [receiver=3.2.7]\n")]
    [InlineData(23, "rsync: [receiver] mkstemp \"/store/u1/INBOX/new/.9.msg.JnuU9s\" failed: No space left on device (28)\nrsync error: some files/attrs were not transferred (see previous errors) (code 23) at main.c(1394) [sender=3.5.0]\n")]
    public void Classify_FailsAsStoreFull_WhenTargetHasNoSpaceLeft(int exitCode, string stderr)
    {
        var outcome = RsyncExitClassifier.Classify(exitCode, stderr, null, Mail2);

        var full = Assert.IsType<StoreFull>(outcome);
        Assert.Equal(Mail2, full.Node);
        Assert.Equal(MirrorVerdict.Failed, full.Verdict);
        Assert.Contains("No space left on device", full.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_IsNotStoreFull_WhenIoErrorIsAnotherOne()
    {
        var outcome = RsyncExitClassifier.Classify(11, "rsync: [receiver] write failed on \"/store/x\": Input/output error (5)\nrsync error: error in file IO (code 11)\n", null, Mail2);

        Assert.IsType<RsyncFailed>(outcome);
    }

    [Fact]
    public void Classify_Succeeds_WhenExitIsZero()
    {
        Assert.Equal(new Transferred(0), RsyncExitClassifier.Classify(0, "", null, Mail2));
    }

    [Fact]
    public void Classify_SucceedsWithVanishedCount_WhenExitIs24()
    {
        var stderr = "file has vanished: \"/store/u1/INBOX/1.msg\"\nfile has vanished: \"/store/u2/INBOX/7.msg\"\nrsync warning: some files vanished before they could be transferred (code 24)\n";

        var outcome = RsyncExitClassifier.Classify(24, stderr, null, Mail2);

        Assert.Equal(new Transferred(2), outcome);
        Assert.Equal(MirrorVerdict.Succeeded, outcome.Verdict);
    }

    [Fact]
    public void Classify_Warns_WhenExitIs23()
    {
        var stderr = "rsync: [sender] send_files failed to open \"/store/u1/x.msg\": Permission denied (13)\nrsync error: some files/attrs were not transferred (code 23)\n";

        var outcome = RsyncExitClassifier.Classify(23, stderr, null, Mail2);

        var partial = Assert.IsType<PartlyTransferred>(outcome);
        Assert.Equal(MirrorVerdict.Warning, partial.Verdict);
        Assert.True(partial.IsGood);
        Assert.Equal(1, partial.FailedFiles);
        Assert.Contains("Permission denied", partial.FirstError, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_Fails_WhenMaxDeleteCeilingIsHit()
    {
        var outcome = RsyncExitClassifier.Classify(25, "Deletions stopped due to --max-delete limit (3 skipped)\n", new RsyncStats(10, 10, 0, 0, 200, 0, 0, 0), Mail2);

        Assert.Equal(new MaxDeleteReached(200), outcome);
        Assert.Equal(MirrorVerdict.Failed, outcome.Verdict);
    }

    [Fact]
    public void Classify_FailsWithRsyncsOwnReason_WhenAuthFails()
    {
        var stderr = "@ERROR: auth failed on module msgstore\nrsync error: error starting client-server protocol (code 5) at main.c(1850) [Receiver=3.2.7]\n";

        var outcome = RsyncExitClassifier.Classify(5, stderr, null, Mail2);

        Assert.Equal(new RsyncAuthFailed(5, "@ERROR: auth failed on module msgstore"), outcome);
    }

    [Fact]
    public void Classify_FailsWithRsyncsOwnReason_WhenTheDaemonCannotBeReached()
    {
        var outcome = RsyncExitClassifier.Classify(10, "rsync: failed to connect to 198.18.16.1 (198.18.16.1): Connection refused (111)\nrsync error: error in socket IO (code 10)\n", null, Mail2);

        Assert.Equal(new RsyncFailed(10, "rsync: failed to connect to 198.18.16.1 (198.18.16.1): Connection refused (111)"), outcome);
    }
}
