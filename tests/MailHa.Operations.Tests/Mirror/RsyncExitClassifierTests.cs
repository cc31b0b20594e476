using MailHa.Operations.Mirror;

namespace MailHa.Operations.Tests.Mirror;

public class RsyncExitClassifierTests
{
    [Fact]
    public void Classify_Succeeds_WhenExitIsZero()
    {
        Assert.Equal(new Transferred(0), RsyncExitClassifier.Classify(0, "", null));
    }

    [Fact]
    public void Classify_SucceedsWithVanishedCount_WhenExitIs24()
    {
        var stderr = "file has vanished: \"/store/u1/INBOX/1.msg\"\nfile has vanished: \"/store/u2/INBOX/7.msg\"\nrsync warning: some files vanished before they could be transferred (code 24)\n";

        var outcome = RsyncExitClassifier.Classify(24, stderr, null);

        Assert.Equal(new Transferred(2), outcome);
        Assert.Equal(MirrorVerdict.Succeeded, outcome.Verdict);
        Assert.StartsWith("2 file(s) vanished", outcome.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_Warns_WhenExitIs23()
    {
        var stderr = "rsync: [sender] send_files failed to open \"/store/u1/x.msg\": Permission denied (13)\nrsync error: some files/attrs were not transferred (code 23)\n";

        var outcome = RsyncExitClassifier.Classify(23, stderr, null);

        var partial = Assert.IsType<PartlyTransferred>(outcome);
        Assert.Equal(MirrorVerdict.Warning, partial.Verdict);
        Assert.True(partial.IsGood);
        Assert.Contains("Permission denied", partial.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_Fails_WhenMaxDeleteCeilingIsHit()
    {
        var outcome = RsyncExitClassifier.Classify(25, "Deletions stopped due to --max-delete limit (3 skipped)\n", new RsyncStats(10, 10, 0, 0, 200, 0, 0, 0));

        Assert.Equal(new MaxDeleteReached(200), outcome);
        Assert.Equal(MirrorVerdict.Failed, outcome.Verdict);
        Assert.Contains("--max-delete", outcome.Describe(), StringComparison.Ordinal);
        Assert.Contains("200", outcome.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_FailsWithRsyncsOwnReason_WhenAuthFails()
    {
        var stderr = "@ERROR: auth failed on module msgstore\nrsync error: error starting client-server protocol (code 5) at main.c(1850) [Receiver=3.2.7]\n";

        var outcome = RsyncExitClassifier.Classify(5, stderr, null);

        Assert.IsType<RsyncAuthFailed>(outcome);
        Assert.Equal("rsync exit 5: @ERROR: auth failed on module msgstore", outcome.Describe());
    }

    [Fact]
    public void Classify_FailsWithRsyncsOwnReason_WhenTheDaemonCannotBeReached()
    {
        var outcome = RsyncExitClassifier.Classify(10, "rsync: failed to connect to 198.18.16.1 (198.18.16.1): Connection refused (111)\nrsync error: error in socket IO (code 10)\n", null);

        Assert.Equal(new RsyncFailed(10, "rsync: failed to connect to 198.18.16.1 (198.18.16.1): Connection refused (111)"), outcome);
    }
}
